//! Standard output, shared by the transport and the diagnostics publisher.
//!
//! tower-lsp-server turns every outgoing message into a `serde_json::Value` tree before
//! writing it. For a long story's thousand diagnostics that tree costs more than the lint,
//! so `textDocument/publishDiagnostics` is serialized by `publish` straight to bytes and
//! sent here. One thread writes both streams to standard output, one whole frame at a time
//! and in the order they were sent, so frames never interleave.
//!
//! The writer is a plain thread with blocking writes, not an async task: tokio's standard
//! output copies every buffer before a blocking thread writes it, and a long story's
//! diagnostics are some 360 KB on every keystroke. A frame goes out in one write, its header
//! and body together, to the file standard output is (see [`raw_stdout`]).

use std::io::{self, IoSlice, Write};
use std::sync::mpsc;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};

/// What goes out: a frame as the transport wrote it, header and all, or the body of a
/// message to be framed as it is written (a long story's diagnostics are not copied into
/// a frame).
pub enum Frame {
    Framed(Vec<u8>),
    Body(Vec<u8>),
}

/// Sends the body of a JSON-RPC message to standard output.
#[derive(Clone)]
pub struct Outbox(mpsc::Sender<Frame>);

impl Outbox {
    /// Queue `body`. Fails only once the writer has stopped.
    pub fn send(&self, body: Vec<u8>) -> bool {
        self.0.send(Frame::Body(body)).is_ok()
    }

    /// Copy whole frames from the transport's output to the writer, until the transport
    /// closes its output or the writer stops.
    pub async fn forward(self, transport: impl AsyncRead + Unpin) {
        let mut input = BufReader::new(transport);
        while let Some(frame) = read_frame(&mut input).await {
            if self.0.send(Frame::Framed(frame)).is_err() {
                return;
            }
        }
    }
}

pub fn outbox() -> (Outbox, mpsc::Receiver<Frame>) {
    let (sender, receiver) = mpsc::channel();
    (Outbox(sender), receiver)
}

/// Write the frames sent to `frames` to `out`, each whole and flushed, until every sender
/// is gone or `out` fails. Blocks: run it on a thread of its own.
pub fn write_frames(frames: mpsc::Receiver<Frame>, mut out: impl Write) {
    for frame in frames {
        let written = match frame {
            Frame::Framed(frame) => out.write_all(&frame),
            Frame::Body(body) => {
                let header = frame_header(body.len());
                let mut pieces = [IoSlice::new(header.as_bytes()), IoSlice::new(&body)];
                write_all_vectored(&mut out, &mut pieces)
            }
        };
        if written.and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

/// The base protocol's header for a body of `length` bytes: the one place a frame's header
/// is written, for the frames this server sends and those the input filter passes on.
pub(super) fn frame_header(length: usize) -> String {
    format!("Content-Length: {length}\r\n\r\n")
}

/// `Write::write_all_vectored`, which is not stable yet.
fn write_all_vectored(out: &mut impl Write, mut pieces: &mut [IoSlice<'_>]) -> io::Result<()> {
    while !pieces.is_empty() {
        match out.write_vectored(pieces) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut pieces, written),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Standard output for the writer: the process's stdout, written without its line
/// buffering, which searched every 360 KB message for its last line break. The returned
/// lock holds Rust's stdout for the process's life, so a stray print blocks rather than
/// splitting a frame.
pub fn raw_stdout() -> (io::StdoutLock<'static>, Box<dyn Write + Send>) {
    let stdout = io::stdout();
    let lock = stdout.lock();
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = stdout.as_fd().try_clone_to_owned() {
            return (lock, Box::new(std::fs::File::from(fd)));
        }
    }
    // Without a second handle on it, stdout itself (the lock is reentrant).
    (lock, Box::new(stdout))
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
    use tokio::io::AsyncWriteExt;

    #[tokio::test]
    async fn frames_from_both_sides_arrive_whole() {
        let (mut transport_in, transport_out) = tokio::io::duplex(64);
        let (outbox, frames) = outbox();
        let writer = std::thread::spawn(move || {
            let mut written = Vec::new();
            write_frames(frames, &mut written);
            written
        });
        let forward = tokio::spawn(outbox.clone().forward(transport_out));
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
        forward.await.unwrap();
        drop(outbox);
        let all = String::from_utf8(writer.join().unwrap()).unwrap();
        let ours = "Content-Length: 7\r\n\r\n{\"x\":1}";
        assert_eq!(all, format!("{ours}{frame}"));
    }

    #[test]
    fn the_outbox_fails_once_the_writer_has_stopped() {
        let (outbox, frames) = outbox();
        drop(frames);
        assert!(!outbox.send(b"{}".to_vec()));
    }
}
