//! The RFM summary over Arrow record batches, out of core (spilled partitions) and from
//! Parquet files: the same numbers as the in-memory summary of the same rows, on CDNOW.
#![cfg(feature = "arrow")]

mod common;

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
    TimestampMillisecondArray, TimestampSecondArray,
};
use common::*;
use relmap::time::Timestamp;
use relmap::value::arrow::*;
use relmap::value::{rfm_summary, RfmSummary, SummaryConfig, ValueError};

/// CDNOW_master as record batches of `rows` rows: customer as text, time in seconds, amount,
/// and a margin of a third of the amount.
fn cdnow_batches(rows: usize) -> (Transactions, Vec<RecordBatch>) {
    let tx = cdnow_master();
    let mut batches = Vec::new();
    for start in (0..tx.customer.len()).step_by(rows) {
        let end = (start + rows).min(tx.customer.len());
        let customer: ArrayRef = Arc::new(StringArray::from_iter_values(&tx.customer[start..end]));
        let time: ArrayRef = Arc::new(TimestampSecondArray::from_iter_values(tx.time[start..end].iter().map(|t| t.0)));
        let amount: ArrayRef = Arc::new(Float64Array::from(tx.amount[start..end].to_vec()));
        let margin: ArrayRef = Arc::new(Float64Array::from_iter_values(tx.amount[start..end].iter().map(|a| a / 3.0)));
        batches.push(
            RecordBatch::try_from_iter([
                ("customer", customer),
                ("time", time),
                ("amount", amount),
                ("margin", margin),
            ])
            .unwrap(),
        );
    }
    (tx, batches)
}

fn config() -> SummaryConfig {
    SummaryConfig { holdout_end: Some(cdnow_holdout_end()), ..SummaryConfig::default() }
}

fn columns() -> TransactionColumns {
    TransactionColumns::new("customer", "time", "amount").with_margin("margin")
}

/// The in-memory summary of the plain columns, ids as [`CustomerId::Text`].
fn reference(tx: &Transactions) -> RfmSummary<CustomerId> {
    let margins: Vec<f64> = tx.amount.iter().map(|a| a / 3.0).collect();
    rfm_summary(&tx.customer, &tx.time, &tx.amount, Some(&margins), cdnow_calibration_end(), &config())
        .unwrap()
        .map_customers(CustomerId::Text)
}

#[test]
fn batches_give_the_in_memory_summary() {
    let (tx, batches) = cdnow_batches(10_000);
    let expected = reference(&tx);
    assert_eq!(expected.len(), 23_570);
    let got = rfm_summary_batches(&batches, &columns(), cdnow_calibration_end(), &config()).unwrap();
    assert_eq!(got, expected);
}

#[test]
fn spilled_partitions_give_the_in_memory_summary_bit_for_bit() {
    let (tx, batches) = cdnow_batches(4_096);
    let expected = reference(&tx);
    let dir = std::env::temp_dir().join(format!("relmap-test-spill-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let options =
        OutOfCoreConfig { memory_rows: 5_000, partitions: 7, batch_rows: 1_000, spill_dir: Some(dir.clone()) };
    let got =
        rfm_summary_from_batches(batches.into_iter().map(Ok), &columns(), cdnow_calibration_end(), &config(), &options)
            .unwrap();
    assert_eq!(got, expected);
    // The spill directory is gone with the summary.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn integer_dictionary_and_date_columns() {
    let tx = cdnow_master();
    let ids: Vec<i64> = tx.customer.iter().map(|c| c.parse().unwrap()).collect();
    let days: Vec<i32> = tx.time.iter().map(|t| (t.0 / 86_400) as i32).collect();
    let cfg = SummaryConfig::default();
    let as_of = cdnow_calibration_end();
    let expected = rfm_summary(&ids, &tx.time, &tx.amount, None, as_of, &cfg).unwrap().map_customers(CustomerId::Int);
    let amount: ArrayRef = Arc::new(Float64Array::from(tx.amount.clone()));
    let cols = TransactionColumns::new("customer", "time", "amount");
    // Integer ids and dates.
    let batch = RecordBatch::try_from_iter([
        ("customer", Arc::new(Int64Array::from(ids.clone())) as ArrayRef),
        ("time", Arc::new(Date32Array::from(days)) as ArrayRef),
        ("amount", amount.clone()),
    ])
    .unwrap();
    assert_eq!(rfm_summary_batches(&[batch], &cols, as_of, &cfg).unwrap(), expected);
    // Dictionary-encoded text ids (a categorical) and milliseconds in a time zone.
    let dict: DictionaryArray<Int32Type> = tx.customer.iter().map(String::as_str).collect();
    let ms = TimestampMillisecondArray::from_iter_values(tx.time.iter().map(|t| t.0 * 1000 + 999))
        .with_timezone("America/New_York");
    let batch = RecordBatch::try_from_iter([
        ("customer", Arc::new(dict) as ArrayRef),
        ("time", Arc::new(ms) as ArrayRef),
        ("amount", amount),
    ])
    .unwrap();
    let got = rfm_summary_batches(&[batch], &cols, as_of, &cfg).unwrap();
    let texts = expected.map_customers(|c| match c {
        CustomerId::Int(v) => CustomerId::Text(format!("{v:05}")),
        other => other,
    });
    assert_eq!(got, texts);
}

#[test]
fn bad_columns_are_typed_errors_naming_column_and_row() {
    let (_, batches) = cdnow_batches(10_000);
    let as_of = cdnow_calibration_end();
    let cfg = SummaryConfig::default();
    let missing = TransactionColumns::new("customer", "date", "amount");
    let err = rfm_summary_batches(&batches, &missing, as_of, &cfg).unwrap_err();
    assert!(
        matches!(&err, ValueError::MissingColumn { column, available } if column == "date" && available.contains("time"))
    );
    assert_eq!(err.field(), Some("date"));
    // Text where numbers belong.
    let wrong = TransactionColumns::new("customer", "time", "customer");
    let err = rfm_summary_batches(&batches, &wrong, as_of, &cfg).unwrap_err();
    assert!(
        matches!(&err, ValueError::ColumnType { column, found, .. } if column == "customer" && found == "Utf8"),
        "{err}"
    );
    let wrong = TransactionColumns::new("customer", "amount", "amount");
    assert!(matches!(rfm_summary_batches(&batches, &wrong, as_of, &cfg), Err(ValueError::ColumnType { .. })));
    // A null in the second batch: the row is counted over the batches.
    let mut amounts: Vec<Option<f64>> = vec![Some(1.0); 10_000];
    amounts[17] = None;
    let b = &batches[1];
    let nulls = RecordBatch::try_from_iter([
        ("customer", b.column(0).clone()),
        ("time", b.column(1).clone()),
        ("amount", Arc::new(Float64Array::from(amounts)) as ArrayRef),
    ])
    .unwrap();
    let cols = TransactionColumns::new("customer", "time", "amount");
    let plain = RecordBatch::try_from_iter([
        ("customer", batches[0].column(0).clone()),
        ("time", batches[0].column(1).clone()),
        ("amount", batches[0].column(2).clone()),
    ])
    .unwrap();
    let input = [plain.clone(), nulls.clone()];
    let err = rfm_summary_batches(&input, &cols, as_of, &cfg).unwrap_err();
    assert_eq!(err, ValueError::NullValue { column: "amount".into(), index: 10_017 });
    let err = rfm_summary_from_batches(input.iter().cloned().map(Ok), &cols, as_of, &cfg, &OutOfCoreConfig::default())
        .unwrap_err();
    assert_eq!(err, ValueError::NullValue { column: "amount".into(), index: 10_017 });
    // Integer ids after text ids.
    let ints = RecordBatch::try_from_iter([
        ("customer", Arc::new(Int64Array::from(vec![1i64; 10_000])) as ArrayRef),
        ("time", b.column(1).clone()),
        ("amount", b.column(2).clone()),
    ])
    .unwrap();
    let err = rfm_summary_batches(&[plain, ints], &cols, as_of, &cfg).unwrap_err();
    assert!(matches!(err, ValueError::ColumnType { .. }), "{err}");
    // A negative amount, found by the streaming check at its global row.
    let mut neg = vec![1.0; 10_000];
    neg[3] = -2.0;
    let bad = RecordBatch::try_from_iter([
        ("customer", b.column(0).clone()),
        ("time", b.column(1).clone()),
        ("amount", Arc::new(Float64Array::from(neg)) as ArrayRef),
    ])
    .unwrap();
    let err = rfm_summary_from_batches([Ok(bad)], &cols, as_of, &cfg, &OutOfCoreConfig::default()).unwrap_err();
    assert!(matches!(err, ValueError::OutOfRange { field: "amount", index: 3, .. }), "{err}");
    // No rows at all.
    let err =
        rfm_summary_from_batches(std::iter::empty(), &cols, as_of, &cfg, &OutOfCoreConfig::default()).unwrap_err();
    assert_eq!(err, ValueError::EmptyInput { field: "customer" });
    let err = rfm_summary_from_batches(
        [Err(arrow_schema::ArrowError::ComputeError("disk gone".into()))],
        &cols,
        as_of,
        &cfg,
        &OutOfCoreConfig::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ValueError::ReadFailed { .. }));
    let _ = Timestamp(0);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_files_give_the_in_memory_summary() {
    use parquet::arrow::ArrowWriter;

    let (tx, batches) = cdnow_batches(20_000);
    let expected = reference(&tx);
    let dir = std::env::temp_dir().join(format!("relmap-test-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Two files: the first two batches, then the rest.
    let mut paths = Vec::new();
    for (i, part) in [&batches[..2], &batches[2..]].into_iter().enumerate() {
        let path = dir.join(format!("part-{i}.parquet"));
        let mut w = ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), part[0].schema(), None).unwrap();
        for b in part {
            w.write(b).unwrap();
        }
        w.close().unwrap();
        paths.push(path);
    }
    let as_of = cdnow_calibration_end();
    for options in [
        OutOfCoreConfig::default(),
        OutOfCoreConfig { memory_rows: 3_000, partitions: 5, batch_rows: 777, spill_dir: Some(dir.clone()) },
    ] {
        let got = rfm_summary_from_parquet(&paths, &columns(), as_of, &config(), &options).unwrap();
        assert_eq!(got, expected);
    }
    let missing = TransactionColumns::new("customer_id", "time", "amount");
    let err = rfm_summary_from_parquet(&paths, &missing, as_of, &config(), &OutOfCoreConfig::default()).unwrap_err();
    assert!(matches!(&err, ValueError::MissingColumn { column, .. } if column == "customer_id"));
    let err = rfm_summary_from_parquet(
        &[dir.join("nope.parquet")],
        &columns(),
        as_of,
        &config(),
        &OutOfCoreConfig::default(),
    )
    .unwrap_err();
    assert!(matches!(&err, ValueError::ReadFailed { source_name, .. } if source_name.ends_with("nope.parquet")));
    std::fs::remove_dir_all(&dir).unwrap();
}
