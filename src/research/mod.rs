mod synth;

pub use synth::*;
