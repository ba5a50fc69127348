//! The relmap example service.
//!
//! ```text
//! cargo run --release -p relmap-service                       # 127.0.0.1:3000, the samples in examples/data
//! cargo run --release -p relmap-service -- 0.0.0.0:8080 my/maps
//! ```
//!
//! Arguments: the address to listen on, then the folders of map documents to load.
//! Routes and examples: `docs/service.md`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use relmap_service::{app, Store};

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let mut dirs: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../data")));
    }
    let store = Arc::new(Store::new());
    for dir in &dirs {
        match store.load_dir(dir) {
            Ok(ids) => eprintln!("loaded {} from {}", ids.join(", "), dir.display()),
            Err(e) => {
                eprintln!("error: {e} [{}]", e.code());
                return ExitCode::FAILURE;
            }
        }
    }
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("relmap service on http://{addr}");
    let shutdown = async {
        // Without a Ctrl-C handler the service runs until it is killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    match axum::serve(listener, app(store)).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
