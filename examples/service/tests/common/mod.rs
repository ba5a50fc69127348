//! Starts the service on 127.0.0.1 with the bundled samples.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use relmap_service::{app, Store};

/// The bundled samples' folder.
pub fn samples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"))
}

/// Serves the samples on a free port of 127.0.0.1; returns the base URL. The server
/// runs until the test's runtime shuts down.
pub async fn serve() -> String {
    let store = Arc::new(Store::new());
    let ids = store.load_dir(samples()).unwrap();
    assert_eq!(ids, ["jiangling_ucid", "hengtai", "hd_precision"]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(store)).await.unwrap() });
    format!("http://{addr}")
}
