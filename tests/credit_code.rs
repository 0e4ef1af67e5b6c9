//! Unified social credit codes (统一社会信用代码, GB 32100-2015).

use creditgrade::ErrorKind;
use creditgrade::model::CreditCode;
use proptest::prelude::*;

const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Published codes: the standard's example and well-known companies; each check
/// character is also recomputed by `check_by_formula`, written apart from the crate.
const PUBLISHED: [(&str, &str); 8] = [
    ("91350100M000100Y43", "GB 32100-2015 example"),
    ("914403001922038216", "华为技术有限公司"),
    ("91440300708461136T", "深圳市腾讯计算机系统有限公司"),
    ("91520000214434146R", "贵州茅台酒股份有限公司"),
    ("91110108551385082Q", "小米科技有限责任公司"),
    ("91440300192317458F", "比亚迪股份有限公司"),
    ("91100000100003962T", "中国工商银行股份有限公司"),
    ("911000001000013428", "中国银行股份有限公司"),
];

/// The check character straight from the standard's formula, written independently
/// of the crate: weights 3^(i-1) mod 31, check = 31 − (Σ mod 31), 31 → '0'.
fn check_by_formula(first_17: &str) -> char {
    let mut weight = 1usize;
    let mut sum = 0usize;
    for c in first_17.chars() {
        sum += CHARSET.find(c).expect("charset") * weight;
        weight = weight * 3 % 31;
    }
    let v = 31 - sum % 31;
    if v == 31 {
        '0'
    } else {
        CHARSET.chars().nth(v).expect("value < 31")
    }
}

#[test]
fn published_codes_parse() {
    for (text, who) in PUBLISHED {
        let code = CreditCode::parse(text).unwrap_or_else(|e| panic!("{who}: {e}"));
        assert_eq!(code.as_str(), text, "{who}");
        assert_eq!(check_by_formula(&text[..17]), code.check_char(), "{who}");
        assert_eq!(
            CreditCode::compute_check(&text[..17]),
            Ok(code.check_char())
        );
    }
}

#[test]
fn parts_of_a_published_code() {
    let code: CreditCode = "91440300708461136T".parse().unwrap();
    assert_eq!(code.registration_authority(), '9');
    assert_eq!(code.organisation_type(), '1');
    assert_eq!(code.division_code(), "440300");
    assert_eq!(code.organisation_code(), "708461136");
    assert_eq!(code.check_char(), 'T');
    assert_eq!(code.to_string(), "91440300708461136T");
    assert_eq!(code.as_ref(), "91440300708461136T");
}

#[test]
fn the_embedded_organisation_code_check_is_not_verified() {
    // "M000100Y4" carries a valid GB 11714 check digit (4); with 5 instead, and the
    // GB 32100 check character recomputed, the code still parses: only GB 32100's
    // own layout, charset and check character are validated.
    let check = CreditCode::compute_check("91350100M000100Y5").unwrap();
    assert_eq!(check, check_by_formula("91350100M000100Y5"));
    let code = CreditCode::parse(&format!("91350100M000100Y5{check}")).unwrap();
    assert_eq!(code.organisation_code(), "M000100Y5");
}

#[test]
fn wrong_length_is_refused_with_the_count() {
    let err = CreditCode::parse("91350100M000100Y4").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCreditCode);
    assert_eq!(
        err.to_string(),
        "credit code \"91350100M000100Y4\": expected 18 characters, found 17"
    );
    assert_eq!(err.subject(), Some("91350100M000100Y4"));
    let err = CreditCode::parse("").unwrap_err();
    assert_eq!(
        err.to_string(),
        "credit code \"\": expected 18 characters, found 0"
    );
    // Characters, not bytes: 18 Chinese characters are 54 bytes but 18 characters,
    // refused for the charset at position 1.
    let err = CreditCode::parse("统一社会信用代码统一社会信用代码统一").unwrap_err();
    assert!(
        err.message().ends_with(
            "position 1: '统' is not in the code's character set (0-9 and A-Z without I, O, Z, S, V)"
        ),
        "{err}"
    );
}

#[test]
fn excluded_letters_are_refused_with_the_position() {
    // 'O' for '0' at position 10, a classic transcription error.
    let err = CreditCode::parse("91350100MO00100Y43").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCreditCode);
    assert_eq!(
        err.to_string(),
        "credit code \"91350100MO00100Y43\": position 10: 'O' is not in the code's character set (0-9 and A-Z without I, O, Z, S, V)"
    );
    for bad in ['I', 'O', 'Z', 'S', 'V', '-', ' '] {
        let mut text: Vec<char> = "91350100M000100Y43".chars().collect();
        text[17] = bad;
        let text: String = text.into_iter().collect();
        let err = CreditCode::parse(&text).unwrap_err();
        assert!(err.message().contains("position 18:"), "{err}");
        assert!(
            err.message().contains("not in the code's character set"),
            "{err}"
        );
    }
}

#[test]
fn lower_case_is_refused_with_a_clear_message() {
    let err = CreditCode::parse("91350100m000100Y43").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCreditCode);
    assert_eq!(
        err.to_string(),
        "credit code \"91350100m000100Y43\": position 9: 'm' is lower case; the code is written in upper case ('M')"
    );
    // A lower-case excluded letter is just outside the charset.
    let err = CreditCode::parse("91350100o000100Y43").unwrap_err();
    assert!(
        err.message()
            .contains("'o' is not in the code's character set")
    );
}

#[test]
fn wrong_check_character_names_the_expected_one() {
    let err = CreditCode::parse("91350100M000100Y44").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCreditCode);
    assert_eq!(
        err.to_string(),
        "credit code \"91350100M000100Y44\": position 18: check character is '4', expected '3'"
    );
    // Two swapped characters are caught too.
    let err = CreditCode::parse("91350100M001000Y43").unwrap_err();
    assert!(
        err.message().contains("check character is '3', expected"),
        "{err}"
    );
}

#[test]
fn compute_check_validates_its_input() {
    let err = CreditCode::compute_check("91350100M000100Y43").unwrap_err();
    assert_eq!(
        err.message(),
        "credit code \"91350100M000100Y43\": expected 17 characters before the check character, found 18"
    );
    let err = CreditCode::compute_check("9135010OM000100Y4").unwrap_err();
    assert!(err.message().contains("position 8: 'O'"), "{err}");
}

#[test]
fn serde_is_a_validated_string() {
    let code = CreditCode::parse("91520000214434146R").unwrap();
    let json = serde_json::to_string(&code).unwrap();
    assert_eq!(json, "\"91520000214434146R\"");
    let back: CreditCode = serde_json::from_str(&json).unwrap();
    assert_eq!(back, code);
    let err = serde_json::from_str::<CreditCode>("\"91520000214434146S\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("position 18: 'S' is not in the code's character set"),
        "{err}"
    );
    let err = serde_json::from_str::<CreditCode>("\"91520000214434146Q\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("check character is 'Q', expected 'R'"),
        "{err}"
    );
    assert!(serde_json::from_str::<CreditCode>("42").is_err());
}

fn charset_char() -> impl Strategy<Value = char> {
    (0usize..31).prop_map(|i| CHARSET.as_bytes()[i] as char)
}

proptest! {
    #[test]
    fn any_prefix_with_its_check_parses(prefix in prop::collection::vec(charset_char(), 17)) {
        let prefix: String = prefix.into_iter().collect();
        let check = CreditCode::compute_check(&prefix).unwrap();
        prop_assert_eq!(check, check_by_formula(&prefix));
        let text = format!("{prefix}{check}");
        let code = CreditCode::parse(&text).unwrap();
        prop_assert_eq!(code.as_str(), text.as_str());
        let back: CreditCode = serde_json::from_str(&serde_json::to_string(&code).unwrap()).unwrap();
        prop_assert_eq!(back, code);
    }

    #[test]
    fn any_single_substitution_is_detected(
        prefix in prop::collection::vec(charset_char(), 17),
        position in 0usize..18,
        replacement in charset_char(),
    ) {
        let prefix: String = prefix.into_iter().collect();
        let check = CreditCode::compute_check(&prefix).unwrap();
        let mut chars: Vec<char> = format!("{prefix}{check}").chars().collect();
        prop_assume!(chars[position] != replacement);
        chars[position] = replacement;
        let text: String = chars.into_iter().collect();
        let err = CreditCode::parse(&text).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::InvalidCreditCode);
        prop_assert!(err.message().contains("position 18: check character is"));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,24}") {
        if let Ok(code) = CreditCode::parse(&text) {
            prop_assert_eq!(code.as_str().chars().count(), 18);
        }
    }
}
