use super::*;

fn invalid(paths: &[&str]) -> Error {
    let rule = facturier_core::json::DECIMAL;
    Error::core(&CoreError::Invalid(paths.iter().map(|p| rule.at(*p, format!("`{p}` is wrong"))).collect()))
}

#[test]
fn paths_are_renamed_in_the_message_as_whole_paths() {
    let e = invalid(&["lines[0].unit_price", "unit_price", "as_of"])
        .map_paths(|p| p.replace("unit_price", "unitPrice").replace("as_of", "asOf"));
    assert_eq!(e.details[0]["path"], "lines[0].unitPrice");
    assert!(e.message.contains("lines[0].unitPrice: `lines[0].unitPrice` is wrong"), "{}", e.message);
    assert!(e.message.contains("unitPrice: `unitPrice` is wrong") && e.message.contains("asOf: `asOf`"), "{}", e.message);
    assert!(!e.message.contains("unit_price") && !e.message.contains("as_of"), "{}", e.message);
    // a path at the end of a sentence, and one that is a word of another path
    let renamed = BTreeMap::from([("as_of".to_owned(), "asOf".to_owned())]);
    assert_eq!(rename_paths("refused at as_of. See as_of_2 and `as_of`", &renamed), "refused at asOf. See as_of_2 and `asOf`");
}

#[test]
fn renaming_is_linear_in_the_number_of_violations() {
    // 20 000 violations: a message of megabytes, renamed in one pass (one pass per path took
    // minutes; 100 000, hours)
    let paths: Vec<String> = (0..20_000).map(|i| format!("lines[{i}].unit_price")).collect();
    let e = invalid(&paths.iter().map(String::as_str).collect::<Vec<_>>()).map_paths(|p| p.replace("unit_price", "unitPrice"));
    assert_eq!(e.details.len(), 20_000);
    assert!(e.message.contains("lines[19999].unitPrice: `lines[19999].unitPrice` is wrong"));
}
