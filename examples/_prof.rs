use creditgrade::research::*;
use creditgrade::*;
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let reps: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let p = synth_population(&SynthConfig::default().seed(42).enterprises(n));
    let a = Assessor::new(Policy::seed(), p.catalogue().unwrap()).unwrap();
    let hs = p.histories().unwrap();
    drop(p);
    let mut ws = Workspace::new();
    let t0 = std::time::Instant::now();
    let mut x = 0usize;
    for _ in 0..reps {
        for h in &hs {
            if let Ok(s) = a.summarize_with(
                &mut ws,
                h,
                chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            ) {
                x += s.grade.map_or(0, |g| g.index());
            }
        }
    }
    let el = t0.elapsed().as_secs_f64();
    println!("{x} {:.0} ent/s summary", (n * reps) as f64 / el);
    let t0 = std::time::Instant::now();
    for _ in 0..reps {
        std::hint::black_box(
            a.assess_batch(&hs, chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()),
        );
    }
    let el = t0.elapsed().as_secs_f64();
    println!("{:.0} ent/s full", (n * reps) as f64 / el);
}
