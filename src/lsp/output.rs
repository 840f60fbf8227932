//! Standard output, shared by the transport and the diagnostics publisher.
//!
//! tower-lsp-server turns every outgoing message into a `serde_json::Value` tree before
//! writing it. For a long story's thousand diagnostics that tree costs more than the lint,
//! so `textDocument/publishDiagnostics` is serialized by `publish` straight to bytes and
//! sent here. This pump writes both streams to standard output one whole frame at a time,
//! so frames never interleave.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Sends the body of a JSON-RPC message to standard output.
#[derive(Clone)]
pub struct Outbox(mpsc::UnboundedSender<Vec<u8>>);

impl Outbox {
    /// Queue `body`, to be framed as it is written (a long story's diagnostics are not
    /// copied into a frame). Fails only once the pump has stopped.
    pub fn send(&self, body: Vec<u8>) -> bool {
        self.0.send(body).is_ok()
    }
}

pub fn outbox() -> (Outbox, mpsc::UnboundedReceiver<Vec<u8>>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    (Outbox(sender), receiver)
}

/// Copy whole frames from the transport's output and from the outbox to `out`, until both
/// are closed or `out` fails.
pub async fn pump(
    transport: impl AsyncRead + Unpin + Send + 'static,
    mut outbox: mpsc::UnboundedReceiver<Vec<u8>>,
    mut out: impl AsyncWrite + Unpin,
) {
    // The transport's frames are read whole by a task of their own and handed over a
    // channel: receiving is cancel-safe in `select!`, reading a frame is not.
    let (frames, mut transport_frames) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut input = BufReader::new(transport);
        while let Some(frame) = read_frame(&mut input).await {
            if frames.send(frame).is_err() {
                return;
            }
        }
    });
    let mut transport_open = true;
    let mut outbox_open = true;
    while transport_open || outbox_open {
        // The transport's frames come framed; the outbox's bodies are framed here.
        let (header, frame) = tokio::select! {
            frame = transport_frames.recv(), if transport_open => {
                (None, frame.unwrap_or_else(|| {
                    transport_open = false;
                    Vec::new()
                }))
            }
            body = outbox.recv(), if outbox_open => match body {
                Some(body) => (Some(format!("Content-Length: {}\r\n\r\n", body.len())), body),
                None => {
                    outbox_open = false;
                    (None, Vec::new())
                }
            }
        };
        if frame.is_empty() {
            continue;
        }
        let header = header.unwrap_or_default();
        if out.write_all(header.as_bytes()).await.is_err()
            || out.write_all(&frame).await.is_err()
            || out.flush().await.is_err()
        {
            return;
        }
    }
}

/// One frame as the transport wrote it, header and body, or `None` at its end. The
/// transport writes only well-formed frames with a `Content-Length` header.
async fn read_frame(input: &mut (impl AsyncBufReadExt + Unpin)) -> Option<Vec<u8>> {
    let mut frame = Vec::new();
    let mut length = None;
    loop {
        let before = frame.len();
        if input.read_until(b'\n', &mut frame).await.ok()? == 0 {
            return None;
        }
        let line = std::str::from_utf8(&frame[before..]).ok()?.trim();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length?;
    let start = frame.len();
    frame.resize(start + length, 0);
    input.read_exact(&mut frame[start..]).await.ok()?;
    Some(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_from_both_sides_arrive_whole() {
        let (mut transport_in, transport_out) = tokio::io::duplex(64);
        let (outbox, receiver) = outbox();
        let (sink, mut read_back) = tokio::io::duplex(1 << 16);
        let pump = tokio::spawn(pump(transport_out, receiver, sink));
        let body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}".repeat(10);
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        // Written in small pieces, while the outbox sends in between.
        for (index, piece) in frame.as_bytes().chunks(7).enumerate() {
            transport_in.write_all(piece).await.unwrap();
            if index == 3 {
                assert!(outbox.send(b"{\"x\":1}".to_vec()));
            }
        }
        drop(transport_in);
        drop(outbox);
        pump.await.unwrap();
        let mut all = String::new();
        read_back.read_to_string(&mut all).await.unwrap();
        let ours = "Content-Length: 7\r\n\r\n{\"x\":1}";
        assert!(all == format!("{ours}{frame}") || all == format!("{frame}{ours}"));
    }
}
