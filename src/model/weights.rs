//! Loading and saving weights as safetensors, with errors that name the file
//! and the tensor.

use std::collections::HashMap;
use std::path::Path;

use tch::{nn::VarStore, Kind, Tensor};

use crate::{Error, Result};

/// Copies the tensors of a safetensors file into `vs`, converting to the
/// store's dtype. Every variable must be present with the right shape, except
/// those whose name starts with one of `may_be_missing`.
/// Tensors in the file that the store does not have are ignored.
/// Returns the names of the variables that were not found.
pub fn load(vs: &mut VarStore, path: &Path, may_be_missing: &[&str]) -> Result<Vec<String>> {
    if !path.is_file() {
        return Err(Error::MissingModelFile {
            path: path.to_path_buf(),
        });
    }
    check_header(path)?;
    let tensors: HashMap<String, Tensor> = Tensor::read_safetensors(path)
        .map_err(|e| Error::CorruptModelFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?
        .into_iter()
        .collect();
    let mut missing = Vec::new();
    let vars = vs.variables();
    let mut names: Vec<&String> = vars.keys().collect();
    names.sort();
    tch::no_grad(|| -> Result<()> {
        for name in names {
            let var = &vars[name];
            match tensors.get(name.as_str()) {
                None => {
                    if may_be_missing.iter().any(|p| name.starts_with(p)) {
                        missing.push(name.clone());
                    } else {
                        return Err(Error::MissingTensor {
                            path: path.to_path_buf(),
                            name: name.clone(),
                        });
                    }
                }
                Some(src) => {
                    if src.size() != var.size() {
                        return Err(Error::TensorShape {
                            path: path.to_path_buf(),
                            name: name.clone(),
                            expected: var.size(),
                            found: src.size(),
                        });
                    }
                    let mut dst = var.shallow_clone();
                    dst.f_copy_(&src.f_to_kind(var.kind())?)?;
                }
            }
        }
        Ok(())
    })?;
    Ok(missing)
}

/// Saves every variable of `vs` as fp16 safetensors (the shipped format).
pub(crate) fn save_fp16(vs: &VarStore, path: &Path) -> Result<()> {
    let vars = vs.variables();
    let mut named: Vec<(String, Tensor)> = vars
        .into_iter()
        .map(|(n, t)| (n, t.detach().to_kind(Kind::Half)))
        .collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    Tensor::write_safetensors(&named, path)?;
    Ok(())
}

/// Saves every variable of `vs` as f32 safetensors (training checkpoints).
pub fn save_f32(vs: &VarStore, path: &Path) -> Result<()> {
    let mut named: Vec<(String, Tensor)> = vs
        .variables()
        .into_iter()
        .map(|(n, t)| (n, t.detach()))
        .collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    Tensor::write_safetensors(&named, path)?;
    Ok(())
}

/// Checks the safetensors header before libtorch sees the file, so a
/// truncated or foreign file gives a clear error rather than an abort.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let corrupt = |reason: String| Error::CorruptModelFile {
        path: path.to_path_buf(),
        reason,
    };
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let file_len = f.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut len = [0u8; 8];
    f.read_exact(&mut len)
        .map_err(|_| corrupt("shorter than a safetensors header".into()))?;
    let header_len = u64::from_le_bytes(len);
    if header_len == 0 || header_len > file_len.saturating_sub(8) || header_len > 100_000_000 {
        return Err(corrupt(format!(
            "header length {header_len} does not fit a file of {file_len} bytes"
        )));
    }
    let mut header = vec![0u8; header_len as usize];
    f.read_exact(&mut header)
        .map_err(|e| corrupt(e.to_string()))?;
    let parsed: serde_json::Value =
        serde_json::from_slice(&header).map_err(|e| corrupt(format!("header is not JSON: {e}")))?;
    let obj = parsed
        .as_object()
        .ok_or_else(|| corrupt("header is not a JSON object".into()))?;
    let data_len = file_len - 8 - header_len;
    for (name, info) in obj {
        if name == "__metadata__" {
            continue;
        }
        let end = info
            .get("data_offsets")
            .and_then(|o| o.get(1))
            .and_then(|v| v.as_u64())
            .ok_or_else(|| corrupt(format!("tensor `{name}` has no data_offsets")))?;
        if end > data_len {
            return Err(corrupt(format!(
                "tensor `{name}` ends at byte {end} but the data section has {data_len} bytes (truncated file?)"
            )));
        }
    }
    Ok(())
}
