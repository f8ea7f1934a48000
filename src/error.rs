//! One error type for every way threadmod can fail, carrying the file, line and
//! column that went wrong so a moderator can find and fix the problem.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of thing went wrong; decides the exit code and the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Reading a file failed (missing, unreadable, a directory…).
    Io,
    /// The input could not be understood (binary data, broken markup…).
    Input,
    /// The rules file is invalid.
    Rules,
    /// Writing output failed.
    Output,
    /// The reader of standard output went away (`threadmod … | head`).
    PipeClosed,
    /// The command line asked for something that cannot be (a label that is
    /// not in the label set): exit code 2, as clap's usage errors.
    Usage,
}

/// An error with as much position information as is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<ErrorInner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorInner {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<usize>,
    column: Option<usize>,
    rule: Option<String>,
    message: String,
    /// Further mistakes found in the same input (a rules file lists all of
    /// its mistakes at once), each with its own position.
    more: Vec<Error>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(ErrorInner {
            kind,
            path: None,
            line: None,
            column: None,
            rule: None,
            message: message.into(),
            more: Vec::new(),
        }))
    }

    pub fn input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Input, message)
    }

    pub fn rules(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Rules, message)
    }

    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let what = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::IsADirectory => "is a directory, expected a file".to_string(),
            _ => err.to_string(),
        };
        Self::new(ErrorKind::Io, what).with_path(path)
    }

    /// An error writing to standard output or another stream.
    pub fn write(err: &std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            Self::new(ErrorKind::PipeClosed, "the output was closed")
        } else {
            Self::new(ErrorKind::Output, format!("cannot write the output: {err}"))
        }
    }

    pub fn output(path: &Path, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Output, message).with_path(path)
    }

    /// Attaches the file the error is about (kept if one is already set).
    pub fn with_path(mut self, path: &Path) -> Self {
        if self.0.path.is_none() {
            self.0.path = Some(path.to_path_buf());
        }
        self.0.more = std::mem::take(&mut self.0.more)
            .into_iter()
            .map(|e| e.with_path(path))
            .collect();
        self
    }

    /// The first of several mistakes, carrying the others; None for none.
    pub fn several(errors: Vec<Error>) -> Option<Self> {
        let mut errors = errors.into_iter();
        let mut first = errors.next()?;
        first.0.more.extend(errors);
        Some(first)
    }

    /// This mistake and every further one found with it, in order.
    pub fn all(&self) -> impl Iterator<Item = &Error> {
        std::iter::once(self).chain(self.0.more.iter())
    }

    /// Attaches a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.0.line = Some(line);
        self.0.column = Some(column);
        self
    }

    /// Attaches a 1-based line only.
    pub fn at_line(mut self, line: usize) -> Self {
        self.0.line = Some(line);
        self
    }

    /// Names the rule the error is about.
    pub fn in_rule(mut self, rule: impl Into<String>) -> Self {
        self.0.rule = Some(rule.into());
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }
    pub fn path(&self) -> Option<&Path> {
        self.0.path.as_deref()
    }
    pub fn line(&self) -> Option<usize> {
        self.0.line
    }
    pub fn column(&self) -> Option<usize> {
        self.0.column
    }
    pub fn rule(&self) -> Option<&str> {
        self.0.rule.as_deref()
    }
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        if let Some(path) = &e.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = e.line {
                write!(f, ":{line}")?;
                if let Some(col) = e.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        } else if let Some(line) = e.line {
            write!(f, "line {line}")?;
            if let Some(col) = e.column {
                write!(f, ", column {col}")?;
            }
            write!(f, ": ")?;
        }
        if let Some(rule) = &e.rule {
            write!(f, "rule '{rule}': ")?;
        }
        write!(f, "{}", e.message)?;
        // One mistake a line, each with its own position.
        for more in &e.more {
            write!(f, "\n{more}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
