//! The number format the encoder computes in. The weights on disk stay one
//! fp16 file; they are converted once, at load time.

use tch::Kind;

/// Number format of the encoder's matrix products. The tagger and linker
/// heads are small and always run in f32, as does everything after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// bf16 where the CPU computes it natively (AVX-512 BF16), else f32.
    #[default]
    Auto,
    /// 32-bit floats everywhere.
    F32,
    /// bfloat16 encoder (slow where the CPU has no bf16 instructions).
    Bf16,
}

impl Precision {
    /// The concrete format: `Auto` becomes `Bf16` or `F32` for this CPU.
    pub fn resolve(self) -> Precision {
        match self {
            Precision::Auto if cpu_has_bf16() => Precision::Bf16,
            Precision::Auto => Precision::F32,
            p => p,
        }
    }

    /// libtorch's kind for a concrete precision (`Auto` resolved first).
    pub(crate) fn kind(self) -> Kind {
        match self.resolve() {
            Precision::Bf16 => Kind::BFloat16,
            _ => Kind::Float,
        }
    }

    /// Lower-case name, as the command line spells it.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Auto => "auto",
            Precision::F32 => "f32",
            Precision::Bf16 => "bf16",
        }
    }
}

impl std::fmt::Display for Precision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Precision {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Precision::Auto),
            "f32" | "fp32" | "float32" => Ok(Precision::F32),
            "bf16" | "bfloat16" => Ok(Precision::Bf16),
            other => Err(crate::Error::InvalidInput(format!(
                "unknown precision {other:?} (expected auto, f32 or bf16)"
            ))),
        }
    }
}

/// Whether this CPU has native bf16 dot products (x86-64 AVX-512 BF16).
pub fn cpu_has_bf16() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512bf16")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_resolves_to_a_concrete_format() {
        let p = Precision::Auto.resolve();
        assert_ne!(p, Precision::Auto);
        assert_eq!(p == Precision::Bf16, cpu_has_bf16());
        assert_eq!(Precision::F32.resolve(), Precision::F32);
        assert_eq!(Precision::Bf16.resolve(), Precision::Bf16);
    }

    #[test]
    fn names_round_trip() {
        for p in [Precision::Auto, Precision::F32, Precision::Bf16] {
            assert_eq!(p.name().parse::<Precision>().unwrap(), p);
        }
        assert!("fp8".parse::<Precision>().is_err());
    }
}
