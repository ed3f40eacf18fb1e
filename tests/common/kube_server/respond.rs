//! HTTP responses: JSON bodies, `Status` errors and the chunked body of a watch.

use super::status::ApiError;
use bytes::Bytes;
use futures_util::stream;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use serde_json::Value;
use std::convert::Infallible;
use tokio::sync::mpsc;

pub type Body = UnsyncBoxBody<Bytes, Infallible>;

pub fn json(code: StatusCode, value: &Value) -> Response<Body> {
    with_body(code, "application/json", Bytes::from(value.to_string()))
}

pub fn ok(value: &Value) -> Response<Body> {
    json(StatusCode::OK, value)
}

pub fn text(body: &'static str) -> Response<Body> {
    with_body(
        StatusCode::OK,
        "text/plain; charset=utf-8",
        Bytes::from_static(body.as_bytes()),
    )
}

pub fn error(err: &ApiError) -> Response<Body> {
    let code = StatusCode::from_u16(err.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json(code, &err.to_status())
}

/// A 200 whose body is whatever the channel carries, sent as it comes (chunked), ending when
/// the sender is dropped.
pub fn streaming(chunks: mpsc::Receiver<Bytes>) -> Response<Body> {
    let frames = stream::unfold(chunks, |mut chunks| async move {
        let chunk = chunks.recv().await?;
        Some((Ok(Frame::data(chunk)), chunks))
    });
    let mut response = Response::new(UnsyncBoxBody::new(StreamBody::new(frames)));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn with_body(code: StatusCode, content_type: &'static str, body: Bytes) -> Response<Body> {
    let mut response = Response::new(Full::new(body).boxed_unsync());
    *response.status_mut() = code;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
