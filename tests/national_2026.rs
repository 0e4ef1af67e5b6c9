//! The `national_2026` example: one district's national view on 2026-07-01
//! (docs/national.md, "Example: one district on a date"). Key lines, each
//! worked out from docs/national.md.

use std::process::Command;

fn example() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().unwrap().parent().unwrap();
    profile
        .join("examples")
        .join(format!("national_2026{}", std::env::consts::EXE_SUFFIX))
}

fn run(args: &[&str]) -> String {
    let out = Command::new(example())
        .args(args)
        .output()
        .expect("the national_2026 example is built by cargo test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_district_on_2026_07_01() {
    let text = run(&[]);
    let lines: Vec<&str> = text.lines().collect();
    for key in [
        "District Gongshu as of 2026-07-01 (Wed)",
        "  NDRC Order 36 (sha256:461f015755a7)",
        // Food: a year of publicity before repair; 3 years from publication.
        "  D01 P1   decided 2025-09-10  public 2025-09-20 – 2028-09-20  repair from 2026-09-20",
        // A fine of ¥3,000 beside a warning: 3 months.
        "  D02 P2   decided 2026-04-15  public 2026-04-25 – 2026-07-25  3 months: no repair needed",
        "  D03 P3   decided 2024-06-01  public 2024-06-10 – 2027-06-10  never stopped early",
        // Production suspended until 2026-11-10: publicity runs to the restriction's end.
        "  D09 P9   decided 2023-05-10  public 2023-05-20 – 2026-11-10 (restriction)  never stopped early",
        "  D11 P11  decided 2025-11-05  stopped by repair RA11 on 2026-05-20",
        // Decided before 2026-04-01: NDRC Order 58 governs.
        "  D01 P1   一般 (NDRC Order 58)  until 2026-09-10  repairable from 2025-12-10",
        "  D03 P3   严重 (NDRC Order 58)  until 2027-06-01  repairable from 2025-06-01",
        "  D11 P11  一般 (NDRC Order 58)  repaired by RB11",
        // The 10th working day after 30 June 2026.
        "  D05 annual report 2025: listable from 2026-07-01, list by 2026-07-14",
        "  D07 AL7 (not published) listed 2023-07-15 -> serious list on 2026-07-15 (notice due 2026-05-16, past)",
        "  D06 AL6 (unreachable) listed 2023-08-20 -> serious list on 2026-08-20 (notice due 2026-06-21, past)",
        "  D08 SL8  on the list since 2026-03-01 (escalation of AL8), until 2029-03-01",
        "  D09 SL9  on the list since 2023-06-01 (P9), until 2026-11-10 (restriction)",
        "  D10 SL10 entered 2024-02-01 (P10), left 2025-03-01 by early removal RA10",
        // The national preset: the serious list caps at D, monthly patrols, always drawn.
        "  D03 West Gate Builders     A   -> D   patrol every 1 month, always drawn; serious_list SL3 (caps at D, bars refinement); publicity_system P3 (bars refinement)",
        "  D08 Old Mill Chemicals     A   -> D   patrol every 1 month, always drawn; serious_list SL8 (caps at D, bars refinement)",
        // The list of abnormal operations bars AAA; a 6-month patrol.
        "  D06 North Star Trading     AAA -> A   patrol every 6 months; abnormal_list AL6 (bars refinement)",
        // No mark: no change.
        "  D12 Quiet Books            AAA    AAA patrol every 12 months",
        // Left the serious list early: no cap, only the publicity of its decision.
        "  D10 Bright Print           A      A   patrol every 12 months; publicity_system P10 (bars refinement)",
    ] {
        assert!(lines.contains(&key), "missing {key:?} in\n{text}");
    }
    // Simple procedure and Order 36's 轻微: on neither channel.
    assert!(!text.contains("D13 P13"), "{text}");
    assert!(!text.contains("D02 P2   轻微"), "{text}");
    // D04's 2024 report is listed (AL4): only 2025 is on the worklist.
    assert!(!text.contains("D04 annual report 2024"), "{text}");
}

#[test]
fn facts_after_the_date_change_nothing_before_it() {
    // A week earlier: the 2025 reports are not missing yet, and the repair of
    // RB11 (2026-06-01) is already known.
    let text = run(&["--as-of", "2026-06-24"]);
    assert!(!text.contains("annual report 2025"), "{text}");
    assert!(
        text.contains("  D11 P11  一般 (NDRC Order 58)  repaired by RB11"),
        "{text}"
    );
    // Before the repair application on 信用中国.
    let text = run(&["--as-of", "2026-05-25"]);
    assert!(
        text.contains(
            "  D11 P11  一般 (NDRC Order 58)  until 2026-11-05  repairable from 2026-02-05"
        ),
        "{text}"
    );
}
