//! Reading the texts to attribute: files or standard input, checked to be UTF-8.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{CliError, CliResult};

/// One input: a file, or standard input when `path` is `None` (or `-`).
#[derive(Debug, Clone)]
pub struct Source {
    path: Option<PathBuf>,
}

impl Source {
    /// The inputs named on the command line; standard input when there are none.
    pub fn all(files: &[PathBuf]) -> Vec<Source> {
        if files.is_empty() {
            return vec![Source { path: None }];
        }
        files
            .iter()
            .map(|p| Source {
                path: (p != Path::new("-")).then(|| p.clone()),
            })
            .collect()
    }

    /// How the input is named in output and messages: its path, or `-`.
    pub fn name(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string())
    }

    /// Its size in bytes when known in advance (a regular file).
    pub fn size(&self) -> Option<u64> {
        let meta = std::fs::metadata(self.path.as_ref()?).ok()?;
        meta.is_file().then_some(meta.len())
    }

    /// The whole input as text; an error names the input and, for bad
    /// UTF-8, the offset of the first bad byte.
    pub fn read_text(&self) -> CliResult<String> {
        let mut raw = Vec::new();
        self.reader()?
            .read_to_end(&mut raw)
            .map_err(|e| self.error(e.to_string()))?;
        String::from_utf8(raw).map_err(|e| {
            self.error(format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })
    }

    /// A buffered reader over the input, for streaming.
    pub fn reader(&self) -> CliResult<Box<dyn BufRead>> {
        Ok(match &self.path {
            Some(p) => Box::new(BufReader::new(
                std::fs::File::open(p).map_err(|e| self.error(e.to_string()))?,
            )),
            None => Box::new(std::io::stdin().lock()),
        })
    }

    /// An error about this input.
    pub fn error(&self, reason: String) -> CliError {
        CliError::Input {
            path: PathBuf::from(self.name()),
            reason,
        }
    }
}
