//! Print every sentence of body copy that `unattributed-claim` leaves alone, with whether
//! the voice analysis found it attributed: `cargo run --example clean_sample -- FILE…`.
//! Used to read clean sentences as an editor would, for the miss rate.
use copydesk::{Config, Document, Kind, RuleId};

fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable UTF-8");
        let document = Document::parse(&text, Kind::Plain);
        let flagged = copydesk::rules::run(&document, &Config::only(&[RuleId::UnattributedClaim]));
        for (index, sentence) in document.sentences.iter().enumerate() {
            let paragraph = &document.paragraphs[sentence.paragraph];
            if paragraph.role.is_furniture()
                || flagged.iter().any(|f| f.span.overlaps(sentence.span))
            {
                continue;
            }
            let attributed = !document.voice().of_sentence(index).is_empty();
            println!(
                "{path}\t{index}\t{}\t{}",
                if attributed { "attributed" } else { "writer" },
                sentence.span.slice(&text).replace('\n', " ")
            );
        }
    }
}
