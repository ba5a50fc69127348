//! Importers on generated input: a 10,000-meeting `.ics` file and a
//! 100,000-message mbox archive, each parsed, merged into a map and analysed
//! (ghosts, suggestions, strength, departures). Target: under 2 s each.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use relmap::io::import::{calendar, mail, CalendarOptions, MailOptions, SourceFile};
use relmap_benches::import_data::{import_map, mbox, meetings_ics, sides};

fn imports(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(20));

    let ics = [SourceFile::new("bench.ics", meetings_ics(10_000, 7))];
    let opts = CalendarOptions { activity: sides(), ..CalendarOptions::default() };
    let report = calendar::import(&mut import_map(), &ics, &opts).unwrap();
    let c = report.counts();
    println!("calendar: {c:?}, {} ghosts, {} suggestions", report.ghosts.len(), report.suggested_relations.len());
    assert!(c.added > 10_000, "{c:?}");
    group.bench_function("calendar_10k_meetings", |b| {
        b.iter_batched(
            import_map,
            |mut map| black_box(calendar::import(&mut map, &ics, &opts).unwrap()),
            BatchSize::LargeInput,
        )
    });

    let archive = [SourceFile::new("bench.mbox", mbox(100_000, 11))];
    let opts = MailOptions { activity: sides() };
    let report = mail::import(&mut import_map(), &archive, &opts).unwrap();
    let c = report.counts();
    println!("mail: {c:?}, {} ghosts, {} strengths", report.ghosts.len(), report.strengths.len());
    assert!(c.added > 50_000, "{c:?}");
    group.bench_function("mail_100k_messages", |b| {
        b.iter_batched(
            import_map,
            |mut map| black_box(mail::import(&mut map, &archive, &opts).unwrap()),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, imports);
criterion_main!(benches);
