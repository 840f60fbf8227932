//! Whose words each byte of prose is: a direct quotation, the writer's paraphrase of a
//! named source, or the writer's own voice.

use super::Document;

/// Whose words stand at a place in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Voice {
    /// Inside a direct quotation: the source's own words.
    Quoted,
    /// A sentence of the writer's that carries its source ("Moscow said …").
    Attributed,
    /// Everything else, scare quotes included.
    Writer,
}

impl Document<'_> {
    /// The voice at byte `offset`.
    pub fn voice_at(&self, offset: usize) -> Voice {
        if self.quotes.is_quoted(offset) {
            Voice::Quoted
        } else {
            Voice::Writer
        }
    }
}
