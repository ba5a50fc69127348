//! relmap over HTTP: an example service on axum and tokio.
//!
//! The service holds relationship maps in memory (the bundled samples, and any map
//! document POSTed to it), answers decision-chain, trust, stage and customer-value
//! requests as JSON, takes edits (an interaction, a stance change) and returns
//! relmap's errors as JSON (`{code, kind, field, message}`) with an HTTP status
//! that fits the error. `docs/service.md` lists the routes and how the parts fit.
//!
//! How it shares maps between requests:
//!
//! - The [`Store`] maps each map id to a slot; each slot holds the current
//!   [`Snapshot`] (a map and its version) behind an `Arc`. A request clones the
//!   `Arc` under a read lock held for a few nanoseconds and computes on that
//!   snapshot; it never waits for an edit in progress and never sees half of one.
//! - An edit takes the slot's writer lock (edits of one map are serialised, edits
//!   of different maps are not), copies the map, applies the edit to the copy and
//!   publishes it as the next version. A failed edit publishes nothing. No edit is
//!   lost: each one starts from the version the previous one published.
//! - The analyses and the edits are CPU work (a decision chain solves two linear
//!   systems, trust scores every pair, a value fit runs an optimizer): they run on
//!   tokio's blocking pool (`spawn_blocking`), never on the async workers that
//!   accept connections and parse requests.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use relmap::chain::{ChainConfig, DecisionChain};
use relmap::error::{ErrorCode, ErrorInfo, ErrorKind};
use relmap::model::Interaction;
use relmap::stage::{StageAssessment, StageModel};
use relmap::time::Timestamp;
use relmap::trust::{CompactTrustReport, TrustConfig};
use relmap::value::{
    rfm_summary, tier, BetaGeo, BetaGeoParams, ClvConfig, CustomerSignals, FitConfig, GammaGamma, GammaGammaParams,
    PurchaseModel, RfmData, SummaryConfig, TierConfig, TierReport,
};
use relmap::RelationshipMap;
use serde::{Deserialize, Serialize};

// ---- errors ---------------------------------------------------------------------

/// An error response: an HTTP status and relmap's error as data.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body: `{code, kind, field, message}`.
    pub info: ErrorInfo,
}

impl ApiError {
    /// An error the service itself finds (not relmap): a code, the field, a message.
    pub fn new(status: StatusCode, code: ErrorCode, field: Option<&str>, message: impl Into<String>) -> Self {
        let info = ErrorInfo { code, kind: code.kind(), field: field.map(str::to_owned), message: message.into() };
        ApiError { status, info }
    }

    /// No map with this id (404).
    pub fn unknown_map(id: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, Some("map"), format!("no map with id {id:?}"))
    }

    /// A bad request argument (400 `invalid_argument`).
    pub fn argument(field: &str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidArgument, Some(field), message)
    }

    fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, None, message)
    }
}

/// The HTTP status of a relmap error.
///
/// | error | status |
/// |---|---|
/// | `duplicate_id`, `duplicate_relation`, `still_referenced`: the edit conflicts with what the map holds | 409 Conflict |
/// | `not_found`: an id in the URL is not in the map | 404 Not Found |
/// | any other `validation`, `range` or `argument` error, and `json_syntax` | 400 Bad Request |
/// | a `format` error (well-formed JSON of the wrong shape, an unsupported format) or a `convergence` error (the data do not identify the model) | 422 Unprocessable Content |
/// | `internal` | 500 |
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::DuplicateId | ErrorCode::DuplicateRelation | ErrorCode::StillReferenced => StatusCode::CONFLICT,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        _ => match code.kind() {
            ErrorKind::Validation | ErrorKind::Range | ErrorKind::Argument | ErrorKind::Syntax => {
                StatusCode::BAD_REQUEST
            }
            ErrorKind::Format | ErrorKind::Convergence => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        },
    }
}

impl From<relmap::Error> for ApiError {
    fn from(e: relmap::Error) -> Self {
        ApiError { status: status_of(e.error_code()), info: ErrorInfo::from(&e) }
    }
}

macro_rules! from_domain_error {
    ($($ty:ty),*) => {$(
        impl From<$ty> for ApiError {
            fn from(e: $ty) -> Self {
                ApiError::from(relmap::Error::from(e))
            }
        }
    )*};
}
from_domain_error!(
    relmap::model::ModelError,
    relmap::io::FormatError,
    relmap::value::ValueError,
    relmap::stage::StageError
);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.info)).into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

// ---- the store --------------------------------------------------------------------

/// One published version of a map, never changed once published.
#[derive(Debug)]
pub struct Snapshot {
    /// 1 when the map is loaded, one more for each edit.
    pub version: u64,
    /// The map.
    pub map: RelationshipMap,
    /// The map's stage model (the bundled sample's `NAME.stages.json`, else the default).
    pub stage_model: Arc<StageModel>,
}

#[derive(Debug)]
struct Slot {
    current: RwLock<Arc<Snapshot>>,
    /// Held for the whole of an edit: edits of one map run one at a time.
    writer: Mutex<()>,
}

impl Slot {
    fn new(snapshot: Snapshot) -> Self {
        Slot { current: RwLock::new(Arc::new(snapshot)), writer: Mutex::new(()) }
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        // A panic elsewhere cannot leave a half-written snapshot behind (a new one is
        // swapped in whole), so a poisoned lock still guards a consistent value.
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The maps of the service, by id (the account id), shared by every request.
#[derive(Debug, Default)]
pub struct Store {
    maps: RwLock<BTreeMap<String, Arc<Slot>>>,
}

/// A map's id and version, as the edit and load routes return them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapVersion {
    /// The map id (its account id).
    pub map: String,
    /// The version now published.
    pub version: u64,
}

/// One line of `GET /maps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapEntry {
    /// The map id (its account id).
    pub map: String,
    /// The account name.
    pub name: String,
    /// The current version.
    pub version: u64,
    /// Stakeholders in the map.
    pub stakeholders: usize,
    /// Interactions in the map.
    pub interactions: usize,
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Store::default()
    }

    /// Loads every map document in `dir` (`*.json`, with its `NAME.stages.json` stage
    /// model when there is one) and returns the ids loaded, in file-name order.
    pub fn load_dir(&self, dir: &Path) -> Result<Vec<String>, relmap::Error> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| relmap::io::FormatError::Io { path: dir.display().to_string(), message: e.to_string() })?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                name.ends_with(".json") && !name.ends_with(".stages.json")
            })
            .collect();
        paths.sort();
        let mut ids = Vec::new();
        for path in paths {
            let map = relmap::io::load(&path)?;
            let stages = path.with_extension("stages.json");
            let stage_model = match std::fs::read_to_string(&stages) {
                Ok(text) => StageModel::from_json(&text)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => StageModel::default(),
                Err(e) => {
                    let path = stages.display().to_string();
                    return Err(relmap::io::FormatError::Io { path, message: e.to_string() }.into());
                }
            };
            let id = map.account().id.clone();
            self.put(map, Some(stage_model), None).map_err(|e| relmap::io::FormatError::Io {
                path: path.display().to_string(),
                message: e.info.message,
            })?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// Adds a new map as version 1; 409 `duplicate_id` when its id is taken.
    pub fn insert(&self, map: RelationshipMap) -> ApiResult<MapVersion> {
        let id = map.account().id.clone();
        let mut maps = self.maps.write().unwrap_or_else(PoisonError::into_inner);
        if maps.contains_key(&id) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::DuplicateId,
                Some("account.id"),
                format!("a map with id {id:?} is already loaded (PUT /maps/{id} replaces it)"),
            ));
        }
        let snapshot = Snapshot { version: 1, map, stage_model: Arc::new(StageModel::default()) };
        maps.insert(id.clone(), Arc::new(Slot::new(snapshot)));
        Ok(MapVersion { map: id, version: 1 })
    }

    /// Adds a map, or replaces the map with its id by the next version (keeping its
    /// stage model unless one is given). `expected` is the version the caller
    /// last saw (`If-Match`): a replace of any other version fails with 412.
    pub fn put(
        &self,
        map: RelationshipMap,
        stage_model: Option<StageModel>,
        expected: Option<u64>,
    ) -> ApiResult<MapVersion> {
        let id = map.account().id.clone();
        let slot = {
            let mut maps = self.maps.write().unwrap_or_else(PoisonError::into_inner);
            match maps.get(&id) {
                Some(slot) => Arc::clone(slot),
                None => {
                    if let Some(v) = expected {
                        return Err(version_mismatch(&id, v, 0));
                    }
                    let stage_model = Arc::new(stage_model.unwrap_or_default());
                    maps.insert(id.clone(), Arc::new(Slot::new(Snapshot { version: 1, map, stage_model })));
                    return Ok(MapVersion { map: id, version: 1 });
                }
            }
        };
        let _writer = slot.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let current = slot.snapshot();
        check_version(&id, expected, current.version)?;
        let stage_model = stage_model.map_or_else(|| Arc::clone(&current.stage_model), Arc::new);
        let next = Snapshot { version: current.version + 1, map, stage_model };
        let version = next.version;
        *slot.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
        Ok(MapVersion { map: id, version })
    }

    /// The current snapshot of a map; 404 when there is no such map.
    pub fn snapshot(&self, id: &str) -> ApiResult<Arc<Snapshot>> {
        Ok(self.slot(id)?.snapshot())
    }

    /// Applies an edit to a copy of the current version and publishes the copy as the
    /// next version. Edits of one map run one at a time; a failed edit publishes
    /// nothing. Blocks: call it from a blocking thread.
    pub fn edit(
        &self,
        id: &str,
        expected: Option<u64>,
        edit: impl FnOnce(&mut RelationshipMap) -> ApiResult<()>,
    ) -> ApiResult<MapVersion> {
        let slot = self.slot(id)?;
        let _writer = slot.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let current = slot.snapshot();
        check_version(id, expected, current.version)?;
        let mut map = current.map.clone();
        edit(&mut map)?;
        let next = Snapshot { version: current.version + 1, map, stage_model: Arc::clone(&current.stage_model) };
        let version = next.version;
        *slot.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
        Ok(MapVersion { map: id.to_owned(), version })
    }

    /// Every map, by id.
    pub fn list(&self) -> Vec<MapEntry> {
        let maps = self.maps.read().unwrap_or_else(PoisonError::into_inner);
        maps.iter()
            .map(|(id, slot)| {
                let s = slot.snapshot();
                MapEntry {
                    map: id.clone(),
                    name: s.map.account().name.clone(),
                    version: s.version,
                    stakeholders: s.map.stakeholders().len(),
                    interactions: s.map.interactions().len(),
                }
            })
            .collect()
    }

    fn slot(&self, id: &str) -> ApiResult<Arc<Slot>> {
        let maps = self.maps.read().unwrap_or_else(PoisonError::into_inner);
        maps.get(id).cloned().ok_or_else(|| ApiError::unknown_map(id))
    }
}

fn check_version(id: &str, expected: Option<u64>, current: u64) -> ApiResult<()> {
    match expected {
        Some(v) if v != current => Err(version_mismatch(id, v, current)),
        _ => Ok(()),
    }
}

fn version_mismatch(id: &str, expected: u64, current: u64) -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        ErrorCode::InvalidArgument,
        Some("If-Match"),
        format!("map {id:?} is at version {current}, not {expected}: read it again and retry the edit"),
    )
}

// ---- requests and responses ----------------------------------------------------------

/// An analysis of one version of a map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis<T> {
    /// The map id.
    pub map: String,
    /// The version analysed.
    pub version: u64,
    /// The result.
    pub result: T,
}

/// The body of `PUT /maps/{id}/stakeholders/{sid}/stance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceChange {
    /// The new stance, −5..=5, or `null` for unknown.
    pub stance: Option<f64>,
}

/// The body of `POST /value`: one row per transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueRequest {
    /// The customer of each transaction.
    pub customers: Vec<String>,
    /// When each transaction happened.
    pub times: Vec<Timestamp>,
    /// What each transaction was worth.
    pub amounts: Vec<f64>,
    /// The end of the observation period.
    pub as_of: Timestamp,
}

/// The answer to `POST /value`: BG/NBD and Gamma-Gamma fitted to the transactions,
/// then P(alive), CLV and the value tier of each customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueResponse {
    /// Customer ids, in order of their first transaction.
    pub customers: Vec<String>,
    /// Repeat purchases per customer.
    pub frequency: Vec<f64>,
    /// The fitted BG/NBD parameters.
    pub bg_nbd: BetaGeoParams,
    /// The fitted Gamma-Gamma parameters.
    pub gamma_gamma: GammaGammaParams,
    /// P(alive) per customer.
    pub p_alive: Vec<f64>,
    /// CLV per customer ([`ClvConfig::default`]).
    pub clv: Vec<f64>,
    /// The value tier of each customer, with its reason.
    pub tiers: TierReport,
}

/// Runs CPU work on tokio's blocking pool.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::internal(format!("the computation failed: {e}")))?
}

/// Query parameters, every one of them known to the route.
fn params(
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    known: &[&str],
) -> ApiResult<HashMap<String, String>> {
    let Query(q) = query.map_err(|e| ApiError::argument("query", e.body_text()))?;
    if let Some(k) = q.keys().find(|k| !known.contains(&k.as_str())) {
        let expected = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
        return Err(ApiError::argument(k, format!("unknown query parameter {k:?} (expected: {expected})")));
    }
    Ok(q)
}

fn as_of(q: &HashMap<String, String>) -> ApiResult<Option<Timestamp>> {
    q.get("as_of")
        .map(|text| text.parse::<Timestamp>().map_err(|e| ApiError::argument("as_of", format!("as_of: {e}"))))
        .transpose()
}

fn if_match(headers: &HeaderMap) -> ApiResult<Option<u64>> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let text = value.to_str().unwrap_or_default().trim();
    let text = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text);
    text.parse().map(Some).map_err(|_| {
        ApiError::argument("If-Match", format!("If-Match must be a map version such as \"3\", not {value:?}"))
    })
}

/// The largest request body the service reads, in bytes (2 MiB).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A request body whose failures (too large, cut off) are relmap errors as JSON, not
/// axum's plain-text rejections.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(req, state).await.map(Body).map_err(body_error)
    }
}

fn body_error(e: BytesRejection) -> ApiError {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        let message = format!("the body is larger than the service's limit of {BODY_LIMIT} bytes");
        ApiError::new(status, ErrorCode::OutOfRange, Some("body"), message)
    } else {
        ApiError::new(
            status,
            ErrorCode::InvalidArgument,
            Some("body"),
            format!("the body could not be read: {}", e.body_text()),
        )
    }
}

fn utf8(body: &Bytes) -> ApiResult<&str> {
    std::str::from_utf8(body).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::JsonSyntax, None, format!("the body is not UTF-8: {e}"))
    })
}

fn etag(version: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits are a valid header value")
}

// ---- routes -----------------------------------------------------------------------

/// The service's routes over a store.
pub fn app(store: Arc<Store>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/maps", get(list_maps).post(create_map))
        .route("/maps/{id}", get(get_map).put(replace_map))
        .route("/maps/{id}/decision-chain", get(decision_chain))
        .route("/maps/{id}/trust", get(trust))
        .route("/maps/{id}/stages", get(stages))
        .route("/maps/{id}/interactions", post(add_interaction))
        .route("/maps/{id}/stakeholders/{sid}/stance", put(set_stance))
        .route("/value", post(value))
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(store)
}

async fn health(State(store): State<Arc<Store>>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "maps": store.list().len() }))
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, None, format!("no route {method} {}", uri.path()))
}

async fn wrong_method(method: Method, uri: Uri) -> ApiError {
    let message = format!("{} does not take {method}", uri.path());
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, ErrorCode::InvalidArgument, Some("method"), message)
}

async fn list_maps(State(store): State<Arc<Store>>) -> Json<Vec<MapEntry>> {
    Json(store.list())
}

async fn create_map(State(store): State<Arc<Store>>, Body(body): Body) -> ApiResult<(StatusCode, Json<MapVersion>)> {
    let created = blocking(move || {
        let map = RelationshipMap::from_json(utf8(&body)?)?;
        store.insert(map)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn replace_map(
    State(store): State<Arc<Store>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> ApiResult<Json<MapVersion>> {
    let expected = if_match(&headers)?;
    blocking(move || {
        let map = RelationshipMap::from_json(utf8(&body)?)?;
        if map.account().id != id {
            let message =
                format!("the document's account id {:?} is not the map id {id:?} of the URL", map.account().id);
            return Err(ApiError::argument("account.id", message));
        }
        store.put(map, None, expected)
    })
    .await
    .map(Json)
}

async fn get_map(State(store): State<Arc<Store>>, UrlPath(id): UrlPath<String>) -> ApiResult<Response> {
    let snapshot = store.snapshot(&id)?;
    let version = snapshot.version;
    let text = blocking(move || Ok(snapshot.map.to_json())).await?;
    let headers = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json")), (header::ETAG, etag(version))];
    Ok((headers, text).into_response())
}

async fn decision_chain(
    State(store): State<Arc<Store>>,
    UrlPath(id): UrlPath<String>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Json<Analysis<DecisionChain>>> {
    let q = params(query, &["as_of"])?;
    let as_of = as_of(&q)?;
    let s = store.snapshot(&id)?;
    blocking(move || {
        let cfg = ChainConfig { as_of, stage_model: (*s.stage_model).clone(), ..ChainConfig::default() };
        let result = s.map.decision_chain(&cfg)?;
        Ok(Json(Analysis { map: id, version: s.version, result }))
    })
    .await
}

async fn trust(
    State(store): State<Arc<Store>>,
    UrlPath(id): UrlPath<String>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Response> {
    let q = params(query, &["as_of", "form"])?;
    let as_of = as_of(&q)?;
    let full = match q.get("form").map(String::as_str) {
        None | Some("compact") => false,
        Some("full") => true,
        Some(other) => return Err(ApiError::argument("form", format!("form must be compact or full, not {other:?}"))),
    };
    let s = store.snapshot(&id)?;
    blocking(move || {
        let report = s.map.trust(&TrustConfig::default(), s.map.analysis_date(as_of))?;
        let (map, version) = (id, s.version);
        Ok(if full {
            Json(Analysis { map, version, result: report }).into_response()
        } else {
            Json(Analysis::<CompactTrustReport> { map, version, result: report.compact() }).into_response()
        })
    })
    .await
}

async fn stages(
    State(store): State<Arc<Store>>,
    UrlPath(id): UrlPath<String>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Json<Analysis<Vec<StageAssessment>>>> {
    let q = params(query, &["as_of"])?;
    let as_of = as_of(&q)?;
    let s = store.snapshot(&id)?;
    blocking(move || {
        let result = s.map.stages(&s.stage_model, as_of)?;
        Ok(Json(Analysis { map: id, version: s.version, result }))
    })
    .await
}

async fn add_interaction(
    State(store): State<Arc<Store>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<MapVersion>)> {
    let expected = if_match(&headers)?;
    let done = blocking(move || {
        let interaction: Interaction = relmap::io::from_json(utf8(&body)?)?;
        store.edit(&id, expected, |map| Ok(map.add_interaction(interaction)?))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

async fn set_stance(
    State(store): State<Arc<Store>>,
    UrlPath((id, sid)): UrlPath<(String, String)>,
    headers: HeaderMap,
    Body(body): Body,
) -> ApiResult<Json<MapVersion>> {
    let expected = if_match(&headers)?;
    blocking(move || {
        let change: StanceChange = relmap::io::from_json(utf8(&body)?)?;
        store.edit(&id, expected, |map| Ok(map.set_stance(&sid, change.stance)?))
    })
    .await
    .map(Json)
}

async fn value(Body(body): Body) -> ApiResult<Json<ValueResponse>> {
    blocking(move || {
        let req: ValueRequest = relmap::io::from_json(utf8(&body)?)?;
        let s = rfm_summary(&req.customers, &req.times, &req.amounts, None, req.as_of, &SummaryConfig::default())?;
        let data = RfmData::new(&s.frequency, &s.recency, &s.t)?;
        let bg = BetaGeo::fit(&data, None, &FitConfig::default())?;
        let gg = GammaGamma::fit(&s.frequency, &s.monetary_value, None, &FitConfig::default())?;
        let p_alive = bg.p_alive(&data)?;
        let clv_cfg = ClvConfig::default();
        let clv = gg.clv(&bg, &data, &s.monetary_value, &clv_cfg)?;
        let signals = CustomerSignals::from_summary(&s, &p_alive, &clv, clv_cfg.horizon());
        let tiers = tier(&signals, &TierConfig::default())?;
        Ok(Json(ValueResponse {
            customers: s.customers.iter().map(|c| c.to_string()).collect(),
            frequency: s.frequency.clone(),
            bg_nbd: bg.params(),
            gamma_gamma: gg.params(),
            p_alive,
            clv,
            tiers,
        }))
    })
    .await
}
