//! Shortcodes: `{{ name(key="value", n=3) }}` inside Markdown text.
//!
//! They are found in the text events of the Markdown parser, so a shortcode inside inline
//! code or a code block is left alone — the way to show one literally is to write it as code.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::messages::Message;
use crate::msg;

/// One argument value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ArgValue {
    Str(String),
    Num(f64),
    Bool(bool),
}

impl ArgValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ArgValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// One shortcode call found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, ArgValue>,
    /// Byte range of the whole `{{ … }}` in the scanned text.
    pub start: usize,
    pub end: usize,
}

impl Call {
    /// A required string argument.
    pub fn str_arg(&self, key: &str) -> Result<&str, Message> {
        match self.args.get(key) {
            Some(ArgValue::Str(s)) => Ok(s),
            Some(_) => Err(msg!(
                "markdown-shortcode-argument-not-text",
                key = key,
                name = self.name.as_str()
            )),
            None => Err(msg!(
                "markdown-shortcode-argument-missing",
                key = key,
                name = self.name.as_str()
            )),
        }
    }
}

/// A malformed shortcode: byte offset in the scanned text and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: Message,
}

/// Finds every `{{ … }}` in `text`. Anything that opens with `{{` but is not a well-formed
/// call is an error, so that a typo is reported instead of published.
pub fn find(text: &str) -> Result<Vec<Call>, SyntaxError> {
    let mut calls = Vec::new();
    let mut pos = 0;
    while let Some(rel) = text[pos..].find("{{") {
        let start = pos + rel;
        let mut p = Cursor {
            text,
            pos: start + 2,
        };
        let call = p.call(start)?;
        pos = call.end;
        calls.push(call);
    }
    Ok(calls)
}

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn err<T>(&self, message: Message) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset: self.pos,
            message,
        })
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.text.len() - trimmed.len();
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_lowercase() || c == '_' || (i > 0 && c.is_ascii_digit())))
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        let id = rest[..len].to_string();
        self.pos += len;
        Some(id)
    }

    fn call(&mut self, start: usize) -> Result<Call, SyntaxError> {
        let form = || msg!("markdown-shortcode-form");
        self.skip_ws();
        let Some(name) = self.ident() else {
            return self.err(msg!("markdown-shortcode-expected-name", form = form()));
        };
        self.skip_ws();
        if !self.eat("(") {
            return self.err(msg!(
                "markdown-shortcode-expected-paren",
                name = name.as_str(),
                form = form()
            ));
        }
        let mut args = BTreeMap::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                break;
            }
            let Some(key) = self.ident() else {
                return self.err(msg!("markdown-shortcode-expected-argument", form = form()));
            };
            self.skip_ws();
            if !self.eat("=") {
                return self.err(msg!(
                    "markdown-shortcode-expected-equals",
                    key = key.as_str()
                ));
            }
            self.skip_ws();
            let value = self.value()?;
            if args.insert(key.clone(), value).is_some() {
                return self.err(msg!(
                    "markdown-shortcode-argument-twice",
                    key = key.as_str()
                ));
            }
            self.skip_ws();
            if self.eat(",") {
                continue;
            }
            if self.eat(")") {
                break;
            }
            return self.err(msg!("markdown-shortcode-expected-separator"));
        }
        self.skip_ws();
        if !self.eat("}}") {
            return self.err(msg!("markdown-shortcode-not-closed", form = form()));
        }
        Ok(Call {
            name,
            args,
            start,
            end: self.pos,
        })
    }

    fn value(&mut self) -> Result<ArgValue, SyntaxError> {
        let rest = self.rest();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &rest[1..];
            let Some(close) = body.find(quote) else {
                return self.err(msg!("markdown-shortcode-quote-not-closed"));
            };
            let value = body[..close].to_string();
            self.pos += close + 2;
            return Ok(ArgValue::Str(value));
        }
        for (word, b) in [("true", true), ("false", false)] {
            if self.eat(word) {
                return Ok(ArgValue::Bool(b));
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        match rest[..len].parse::<f64>() {
            Ok(n) if len > 0 && n.is_finite() => {
                self.pos += len;
                Ok(ArgValue::Num(n))
            }
            _ => self.err(msg!("markdown-shortcode-expected-value")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;

    #[test]
    fn finds_calls_with_arguments() {
        let t = "前文 {{ indicator(id=\"rd-intensity\", compact=true, n=2) }} 后文";
        let calls = find(t).unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].name, "indicator");
        assert_eq!(calls[0].str_arg("id").unwrap(), "rd-intensity");
        assert_eq!(calls[0].args["compact"], ArgValue::Bool(true));
        assert_eq!(calls[0].args["n"], ArgValue::Num(2.0));
        assert_eq!(
            &t[calls[0].start..calls[0].end],
            "{{ indicator(id=\"rd-intensity\", compact=true, n=2) }}"
        );
    }

    #[test]
    fn malformed_calls_are_errors_with_offsets() {
        let e = find("x {{ indicator(id=\"a\" }}").unwrap_err();
        assert!(e.message.render(Lang::En).contains("`,` or `)`"), "{e:?}");
        assert!(find("{{ }}").is_err());
        assert!(find("{{ a(id=\"x) }}").is_err());
        assert!(find("no shortcode here").unwrap().is_empty());
    }

    #[test]
    fn syntax_errors_read_in_chinese_and_in_english() {
        let e = find("{{ indicator id=\"a\") }}").unwrap_err();
        assert_eq!(
            e.message.render(Lang::Zh),
            "`indicator` 后面应当是 `(`；短代码写作 `{{ name(key=\"value\") }}`"
        );
        assert_eq!(
            e.message.render(Lang::En),
            "expected `(` after `indicator`; a shortcode is written `{{ name(key=\"value\") }}`"
        );
        let e = find("{{ indicator(id=\"a\")").unwrap_err();
        assert_eq!(
            e.message.render(Lang::En),
            "expected `}}` to close the shortcode; a shortcode is written `{{ name(key=\"value\") }}`"
        );
        let call = &find("{{ task(n=1) }}").unwrap()[0];
        assert_eq!(
            call.str_arg("id").unwrap_err().render(Lang::Zh),
            "`task` 缺少参数 `id=\"…\"`"
        );
        assert_eq!(
            call.str_arg("n").unwrap_err().render(Lang::En),
            "the `n` argument of `task` must be a quoted text"
        );
    }
}
