//! The invariants every lint must keep, whatever the text: shared by the fuzz targets.

use copydesk::{Finding, Span};

/// Panic unless `findings` (the lint of `text`) keep the engine's promises: every range
/// inside the text, on character boundaries and not reversed; the edits of one fix apart;
/// every fix applies; findings sorted by position.
pub fn check_findings(text: &str, findings: &[Finding]) {
    for finding in findings {
        check_span(text, finding.span, finding);
        for fix in &finding.fixes {
            let mut spans: Vec<Span> = fix.edits.iter().map(|edit| edit.span).collect();
            for &span in &spans {
                check_span(text, span, finding);
            }
            spans.sort();
            for pair in spans.windows(2) {
                assert!(
                    pair[0].end <= pair[1].start,
                    "overlapping edits {:?} and {:?} in {:?} of {finding:?}",
                    pair[0],
                    pair[1],
                    fix.title
                );
            }
            let _ = fix.apply(text);
        }
    }
    for pair in findings.windows(2) {
        assert!(
            (pair[0].span.start, pair[0].span.end) <= (pair[1].span.start, pair[1].span.end),
            "findings out of order: {:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
}

fn check_span(text: &str, span: Span, finding: &Finding) {
    assert!(
        span.start <= span.end,
        "reversed range {span:?} in {finding:?}"
    );
    assert!(
        span.end <= text.len(),
        "range {span:?} past the end ({}) in {finding:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "range {span:?} not on character boundaries in {finding:?}"
    );
}
