//! GitHub Actions expressions (`${{ ... }}`), evaluated as GitHub does for
//! the parts the self-tests need to read a workflow: which jobs an event
//! runs (`if:`), what a matrix expands to (`fromJSON(...)`), and which
//! runner a job asks for (`runs-on: ${{ matrix.os }}`).
//!
//! The grammar and semantics follow GitHub's reference ("Evaluate
//! expressions in workflows and actions"): literals, property access,
//! `!`, comparisons, `&&` and `||` (which return an operand, not a boolean),
//! and the functions below. Strings compare case-insensitively; values of
//! different types compare as numbers. A function or syntax this module does
//! not know is an error, never a silent guess.

use anyhow::{Result, bail, ensure};
use serde_norway::{Mapping, Value};

/// Evaluates `expression` (the text inside `${{ }}`) against `context`, a
/// mapping of context names (`github`, `matrix`, ...) to their values.
pub fn eval(expression: &str, context: &Mapping) -> Result<Value> {
    let tokens = tokenize(expression)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        context,
    };
    let value = parser.or()?;
    ensure!(
        parser.at == tokens.len(),
        "unexpected {:?} in {expression:?}",
        tokens[parser.at]
    );
    Ok(value)
}

/// `text` with every `${{ ... }}` replaced by its value, as GitHub
/// interpolates a string; a text that is one whole expression keeps the
/// expression's value (a matrix, a number).
pub fn interpolate(text: &str, context: &Mapping) -> Result<Value> {
    let trimmed = text.trim();
    if let Some(inner) = trimmed
        .strip_prefix("${{")
        .and_then(|rest| rest.strip_suffix("}}"))
        .filter(|inner| !inner.contains("${{"))
    {
        return eval(inner, context);
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let Some(end) = after.find("}}") else {
            bail!("unclosed ${{{{ in {text:?}");
        };
        out.push_str(&to_text(&eval(&after[..end], context)?));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

/// Whether GitHub treats `value` as true.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// A value as GitHub writes it into a string.
pub fn to_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        other => serde_norway::to_string(other).unwrap_or_default(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Str(String),
    Num(f64),
    Ident(String),
    Op(&'static str),
}

const OPERATORS: [&str; 16] = [
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", ",", ".", "[", "]", "*",
];

fn tokenize(text: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            // A string: '' stands for one quote.
            let mut s = String::new();
            i += 1;
            loop {
                ensure!(i < chars.len(), "unclosed string in {text:?}");
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        s.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                s.push(chars[i]);
                i += 1;
            }
            tokens.push(Token::Str(s));
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            let literal: String = chars[start..i].iter().collect();
            let number = literal
                .parse::<f64>()
                .map_err(|_| anyhow::anyhow!("bad number {literal:?} in {text:?}"))?;
            tokens.push(Token::Num(number));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '-')
            {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().collect()));
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let op = OPERATORS
                .iter()
                .find(|op| rest.starts_with(**op))
                .ok_or_else(|| anyhow::anyhow!("unexpected {c:?} in {text:?}"))?;
            tokens.push(Token::Op(op));
            i += op.len();
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    context: &'a Mapping,
}

impl Parser<'_> {
    fn peek_op(&self, op: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Op(o)) if *o == op)
    }

    fn expect(&mut self, op: &str) -> Result<()> {
        ensure!(self.peek_op(op), "expected {op:?} at token {}", self.at);
        self.at += 1;
        Ok(())
    }

    fn or(&mut self) -> Result<Value> {
        let mut left = self.and()?;
        while self.peek_op("||") {
            self.at += 1;
            let right = self.and()?;
            left = if truthy(&left) { left } else { right };
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Value> {
        let mut left = self.comparison()?;
        while self.peek_op("&&") {
            self.at += 1;
            let right = self.comparison()?;
            left = if truthy(&left) { right } else { left };
        }
        Ok(left)
    }

    fn comparison(&mut self) -> Result<Value> {
        let left = self.unary()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.peek_op(op) {
                self.at += 1;
                let right = self.unary()?;
                let result = match op {
                    "==" => equal(&left, &right),
                    "!=" => !equal(&left, &right),
                    _ => {
                        let (a, b) = (number(&left), number(&right));
                        match op {
                            "<" => a < b,
                            "<=" => a <= b,
                            ">" => a > b,
                            _ => a >= b,
                        }
                    }
                };
                return Ok(Value::Bool(result));
            }
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Value> {
        if self.peek_op("!") {
            self.at += 1;
            let value = self.unary()?;
            return Ok(Value::Bool(!truthy(&value)));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Value> {
        let mut value = self.primary()?;
        loop {
            if self.peek_op(".") {
                self.at += 1;
                match self.tokens.get(self.at) {
                    Some(Token::Ident(name)) => {
                        value = property(&value, name);
                        self.at += 1;
                    }
                    Some(Token::Op("*")) => bail!("the `.*` filter is not supported"),
                    other => bail!("expected a property name, found {other:?}"),
                }
            } else if self.peek_op("[") {
                self.at += 1;
                let index = self.or()?;
                self.expect("]")?;
                value = match (&value, &index) {
                    (Value::Sequence(items), Value::Number(n)) => n
                        .as_u64()
                        .and_then(|i| items.get(usize::try_from(i).ok()?).cloned())
                        .unwrap_or(Value::Null),
                    (_, Value::String(name)) => property(&value, name),
                    _ => Value::Null,
                };
            } else {
                return Ok(value);
            }
        }
    }

    fn primary(&mut self) -> Result<Value> {
        let token = self
            .tokens
            .get(self.at)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("the expression ends too early"))?;
        self.at += 1;
        match token {
            Token::Str(s) => Ok(Value::String(s)),
            Token::Num(n) => Ok(Value::Number(n.into())),
            Token::Op("(") => {
                let value = self.or()?;
                self.expect(")")?;
                Ok(value)
            }
            Token::Ident(name) => match name.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                "null" => Ok(Value::Null),
                _ if self.peek_op("(") => {
                    self.at += 1;
                    let mut args = Vec::new();
                    if !self.peek_op(")") {
                        args.push(self.or()?);
                        while self.peek_op(",") {
                            self.at += 1;
                            args.push(self.or()?);
                        }
                    }
                    self.expect(")")?;
                    call(&name, &args)
                }
                _ => Ok(self
                    .context
                    .get(name.as_str())
                    .cloned()
                    .unwrap_or(Value::Null)),
            },
            Token::Op(op) => bail!("unexpected {op:?}"),
        }
    }
}

/// The functions: those that read values, and the status checks, which
/// assume every earlier job succeeded.
fn call(name: &str, args: &[Value]) -> Result<Value> {
    let text = |i: usize| args.get(i).map(to_text).unwrap_or_default().to_lowercase();
    Ok(match (name.to_lowercase().as_str(), args.len()) {
        ("always" | "success", 0) => Value::Bool(true),
        ("failure" | "cancelled", 0) => Value::Bool(false),
        ("startswith", 2) => Value::Bool(text(0).starts_with(&text(1))),
        ("endswith", 2) => Value::Bool(text(0).ends_with(&text(1))),
        ("contains", 2) => Value::Bool(match &args[0] {
            Value::Sequence(items) => items.iter().any(|item| equal(item, &args[1])),
            _ => text(0).contains(&text(1)),
        }),
        ("fromjson", 1) => {
            let json = to_text(&args[0]);
            serde_norway::from_str(&json)
                .map_err(|err| anyhow::anyhow!("fromJSON: {err} in {json:?}"))?
        }
        ("join", 1 | 2) => {
            let separator = args.get(1).map_or_else(|| ",".to_owned(), to_text);
            match &args[0] {
                Value::Sequence(items) => Value::String(
                    items
                        .iter()
                        .map(to_text)
                        .collect::<Vec<_>>()
                        .join(&separator),
                ),
                other => Value::String(to_text(other)),
            }
        }
        _ => bail!(
            "the function {name}() with {} arguments is not supported",
            args.len()
        ),
    })
}

fn property(value: &Value, name: &str) -> Value {
    match value {
        Value::Mapping(map) => map
            .iter()
            .find(|(key, _)| {
                key.as_str()
                    .is_some_and(|key| key.eq_ignore_ascii_case(name))
            })
            .map_or(Value::Null, |(_, value)| value.clone()),
        _ => Value::Null,
    }
}

fn number(value: &Value) -> f64 {
    match value {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) if s.trim().is_empty() => 0.0,
        Value::String(s) => s.trim().parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.eq_ignore_ascii_case(y),
        (Value::Null, Value::Null) => true,
        (Value::Sequence(_) | Value::Mapping(_), _)
        | (_, Value::Sequence(_) | Value::Mapping(_)) => false,
        _ => number(a) == number(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Mapping {
        let yaml = "github: {event_name: pull_request, ref: refs/pull/1/merge}\n\
                    matrix: {os: ubuntu-latest, platform: {runner: macos-15}}\n";
        serde_norway::from_str(yaml).unwrap()
    }

    fn eval_text(expression: &str) -> String {
        to_text(&eval(expression, &context()).unwrap())
    }

    #[test]
    fn operators_follow_github() {
        assert_eq!(eval_text("github.event_name == 'pull_request'"), "true");
        assert_eq!(eval_text("github.event_name == 'PULL_REQUEST'"), "true");
        assert_eq!(eval_text("github.event_name != 'push'"), "true");
        assert_eq!(eval_text("!(github.event_name == 'push')"), "true");
        assert_eq!(eval_text("github.event_name == 'push' && 'a' || 'b'"), "b");
        assert_eq!(
            eval_text("github.event_name == 'pull_request' && 'a' || 'b'"),
            "a"
        );
        assert_eq!(eval_text("matrix.platform.runner"), "macos-15");
        assert_eq!(eval_text("matrix['os']"), "ubuntu-latest");
        assert_eq!(eval_text("matrix.missing"), "");
        assert_eq!(eval_text("startsWith(github.ref, 'refs/pull/')"), "true");
        assert_eq!(eval_text("always()"), "true");
        assert_eq!(eval_text("'it''s'"), "it's");
        assert_eq!(eval_text("1 < 2"), "true");
    }

    #[test]
    fn from_json_builds_values() {
        let value = eval(
            "fromJSON(github.event_name == 'pull_request' && '{\"os\": [\"a\", \"b\"]}' || '{}')",
            &context(),
        )
        .unwrap();
        assert_eq!(value["os"][1].as_str(), Some("b"));
    }

    #[test]
    fn strings_are_interpolated() {
        let value = interpolate("Test (${{ matrix.os }}, ${{ 3 }})", &context()).unwrap();
        assert_eq!(value.as_str(), Some("Test (ubuntu-latest, 3)"));
        let whole = interpolate(" ${{ fromJSON('[1, 2]') }}", &context()).unwrap();
        assert!(whole.is_sequence());
    }

    #[test]
    fn unknown_syntax_is_an_error() {
        for bad in ["hashFiles('x')", "needs.*.result", "'open", "a ==", "1 +"] {
            assert!(eval(bad, &context()).is_err(), "{bad}");
        }
    }
}
