//! `credit_code`: unified social credit codes (统一社会信用代码) as text.

use creditgrade::ErrorKind;
use creditgrade::model::CreditCode;

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match CreditCode::parse(&text) {
        Ok(code) => {
            let s = code.as_str();
            assert_eq!(s.chars().count(), 18, "{s:?}");
            // The canonical form parses to itself.
            assert_eq!(CreditCode::parse(s).expect("canonical form parses"), code);
            assert_eq!(s.parse::<CreditCode>().expect("FromStr agrees"), code);
            // The check character is the one computed from the first 17.
            let first_17: String = s.chars().take(17).collect();
            assert_eq!(
                CreditCode::compute_check(&first_17).expect("the body is valid"),
                code.check_char()
            );
            assert_eq!(s.chars().last(), Some(code.check_char()));
            let parts = format!(
                "{}{}{}{}{}",
                code.registration_authority(),
                code.organisation_type(),
                code.division_code(),
                code.organisation_code(),
                code.check_char()
            );
            assert_eq!(parts, s);
            let json = serde_json::to_string(&code).expect("serialises");
            assert_eq!(
                serde_json::from_str::<CreditCode>(&json).expect("reads back"),
                code
            );
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidCreditCode, "{e}");
            assert!(text.parse::<CreditCode>().is_err());
        }
    }
    // Serde refuses what parse refuses.
    if let Ok(json) = serde_json::to_string(&*text) {
        let via_serde = serde_json::from_str::<CreditCode>(&json).ok();
        assert_eq!(via_serde, CreditCode::parse(&text).ok());
    }
}
