//! Print the voice analysis of a story: `cargo run --example voice -- FILE`.
use copydesk::{Document, Kind};

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8");
    let document = Document::parse(&text, Kind::from_path(path.as_ref()));
    for (index, source) in document.voice().sources.iter().enumerate() {
        println!(
            "source {index}: {} / {} ({:?}), {} mentions",
            source.name,
            source.short,
            source.kind,
            source.mentions.len()
        );
    }
    for a in &document.voice().attributions {
        println!(
            "s{} {:?} cue={:?} source={} content={:?}",
            a.sentence,
            a.kind,
            a.cue.slice(&text),
            a.source,
            &a.content.slice(&text)[..a.content.len().min(60)]
        );
    }
    for (q, speaker) in document
        .quotes
        .quotations
        .iter()
        .zip(&document.voice().speakers)
    {
        println!(
            "quote {:?} -> {:?}",
            &q.inner().slice(&text)[..q.inner().len().min(40)],
            speaker.map(|s| &document.voice().sources[s].short)
        );
    }
}
