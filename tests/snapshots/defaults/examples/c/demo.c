/*
 * A C program that uses the library through its C ABI (include/my_project.h).
 *
 * Build the library with `cargo build` (add --no-default-features for one
 * without Python), then, on Linux or macOS:
 *
 *   cc -std=c11 -I include examples/c/demo.c -L target/debug -lmy_project \
 *      -Wl,-rpath,target/debug -o target/c-demo && target/c-demo
 *
 * tests/c_abi.rs does exactly this and checks the output.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "my_project.h"

int main(void) {
    int64_t out = 0;
    int32_t status = my_project_add(2, 3, &out);
    printf("add(2, 3): %s, %" PRId64 "\n", my_project_status_message(status), out);

    const int64_t values[] = {1, 2, 3, 4};
    status = my_project_sum(values, sizeof values / sizeof values[0], &out);
    printf("sum({1, 2, 3, 4}): %s, %" PRId64 "\n", my_project_status_message(status), out);

    /* Errors come back as status codes; the output is left alone. */
    status = my_project_add(INT64_MAX, 1, &out);
    printf("add(INT64_MAX, 1): %s\n", my_project_status_message(status));
    status = my_project_sum(NULL, 4, &out);
    printf("sum(NULL, 4): %s\n", my_project_status_message(status));

    printf("version: %s\n", my_project_version());
    return status == MY_PROJECT_ERR_NULL_POINTER ? 0 : 1;
}
