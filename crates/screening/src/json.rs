//! A small JSON parser for the service's configuration and the endpoint's receipt.
//!
//! Why not serde_json: its deserializer and the visitors serde derives for
//! every configuration type cost the browser about 13 KB brotli, almost a tenth
//! of the page's budget. A configuration needs far less: a tree of
//! values, read field by field with errors that name the setting.
//!
//! Numbers keep their text: the configuration's numbers are whole, and reading
//! them as floats first would bring float parsing into the wasm and round
//! large values.

use std::fmt;

/// A parsed JSON value. Object members keep the file's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written, already checked against JSON's grammar.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The value as compact JSON, written as serde_json writes it.
    pub fn to_text(&self) -> String {
        let mut out = Writer::default();
        self.write(&mut out);
        out.finish()
    }

    fn write(&self, out: &mut Writer) {
        match self {
            Value::Null => out.null(),
            Value::Bool(flag) => out.bool(*flag),
            Value::Number(digits) => out.raw_number(digits),
            Value::String(text) => out.string(text),
            Value::Array(items) => {
                out.begin_list();
                for item in items {
                    item.write(out);
                }
                out.end_list();
            }
            Value::Object(members) => {
                out.begin_object();
                for (name, value) in members {
                    out.key(name);
                    value.write(out);
                }
                out.end_object();
            }
        }
    }
}

/// Writes compact JSON as it goes, with no tree in between: the commas and
/// colons are its business, the order of calls the caller's.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// A value has just been written, so the next one needs a comma first.
    after_value: bool,
}

impl Writer {
    fn start_value(&mut self) {
        if self.after_value {
            self.out.push(',');
        }
        self.after_value = true;
    }

    pub fn begin_object(&mut self) {
        self.start_value();
        self.out.push('{');
        self.after_value = false;
    }

    pub fn end_object(&mut self) {
        self.out.push('}');
        self.after_value = true;
    }

    pub fn begin_list(&mut self) {
        self.start_value();
        self.out.push('[');
        self.after_value = false;
    }

    pub fn end_list(&mut self) {
        self.out.push(']');
        self.after_value = true;
    }

    /// A member's name; its value comes next.
    pub fn key(&mut self, name: &str) {
        self.start_value();
        write_string(name, &mut self.out);
        self.out.push(':');
        self.after_value = false;
    }

    pub fn string(&mut self, text: &str) {
        self.start_value();
        write_string(text, &mut self.out);
    }

    pub fn number(&mut self, number: u64) {
        self.raw_number(&number.to_string());
    }

    fn raw_number(&mut self, digits: &str) {
        self.start_value();
        self.out.push_str(digits);
    }

    pub fn bool(&mut self, flag: bool) {
        self.start_value();
        self.out.push_str(if flag { "true" } else { "false" });
    }

    pub fn null(&mut self) {
        self.start_value();
        self.out.push_str("null");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// `text` in quotes, escaped as serde_json escapes it: quote, backslash and
/// control characters only.
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(c as u8 >> 4)]));
                out.push(char::from(HEX[usize::from(c as u8 & 0xf)]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Where and why a text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub problem: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.problem, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Deeper than any configuration needs; a limit keeps a hostile file from
/// exhausting the stack.
const MAX_DEPTH: usize = 32;

/// Parses one JSON value, with nothing but whitespace around it.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("unexpected text after the end"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, problem: &'static str) -> SyntaxError {
        let before = &self.text[..self.at.min(self.text.len())];
        let line_start = before
            .bytes()
            .rposition(|b| b == b'\n')
            .map_or(0, |i| i + 1);
        SyntaxError {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            problem,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` after any whitespace, or fails with `problem`.
    fn expect(&mut self, byte: u8, problem: &'static str) -> Result<(), SyntaxError> {
        self.skip_whitespace();
        if self.peek() != Some(byte) {
            return Err(self.error(problem));
        }
        self.at += 1;
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            _ => Err(self.error("expected a value")),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if !self.bytes[self.at..].starts_with(word.as_bytes()) {
            return Err(self.error("expected a value"));
        }
        self.at += word.len();
        Ok(value)
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a name in quotes"));
            }
            let name_at = self.at;
            let name = self.string()?;
            if members.iter().any(|(n, _)| *n == name) {
                self.at = name_at;
                return Err(self.error("a name given twice in one group"));
            }
            self.expect(b':', "expected a colon after the name")?;
            let value = self.value(depth + 1)?;
            members.push((name, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected a comma or a closing brace")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected a comma or a closing bracket")),
            }
        }
    }

    /// A number's text, checked against JSON's grammar:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Ok(Value::Number(self.text[start..self.at].to_owned()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), SyntaxError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }

    /// A string from its opening quote, with escapes decoded.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character.
            let run = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The run ends at an ASCII byte or the end, so it is whole characters.
            out.push_str(&self.text[run..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.escape()?;
                    out.push(escaped);
                }
                Some(_) => return Err(self.error("a control character inside text")),
                None => return Err(self.error("text without its closing quote")),
            }
        }
    }

    /// The character an escape stands for, from after its backslash.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let Some(byte) = self.peek() else {
            return Err(self.error("text without its closing quote"));
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => {
                self.at -= 1;
                return Err(self.error("an unknown escape after a backslash"));
            }
        })
    }

    /// `\uXXXX`, or a surrogate pair written as two of them.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.at..].starts_with(b"\\u") {
                return Err(self.error("half of a surrogate pair"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("half of a surrogate pair"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("half of a surrogate pair"))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let value = self
            .text
            .get(self.at..self.at + 4)
            // from_str_radix alone would also take a sign, such as "+123".
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
        self.at += 4;
        Ok(value)
    }
}
