use super::*;
use crate::contracts::fixtures::dec;

fn v(s: &str) -> Ratio {
    Ratio::Value(dec(s))
}

#[test]
fn users_kpis() {
    // renewal rate: 17 renewed of 20 reaching term → 17 / 20 × 100 = 85.00 % (their target: > 85 %)
    assert_eq!(renewal_rate(17, 20), v("85.00"));
    assert_eq!(renewal_rate(0, 0), Ratio::Undefined(Undefined::NoContractsReachingTerm));
    // contract churn: 3 ended of 120 active at the start → 3 / 120 × 100 = 2.50 %
    assert_eq!(contract_churn_rate(3, 120), v("2.50"));
    assert_eq!(contract_churn_rate(1, 0), Ratio::Undefined(Undefined::NoActiveContracts));
    // MoM: 10 000 → 10 450: (10 450 − 10 000) / 10 000 × 100 = 4.50 %
    assert_eq!(mom_growth(dec("10000"), dec("10450")), v("4.50"));
    // a fall: 900 → 600 = −33.333… → −33.33 %
    assert_eq!(mom_growth(dec("900"), dec("600")), v("-33.33"));
    assert_eq!(mom_growth(Decimal::ZERO, dec("10")), Ratio::Undefined(Undefined::NoMrrAtStart));
}

#[test]
fn renewal_by_value_can_exceed_100() {
    // ARR up 12 000, renewed with an indexation at 12 600: 12 600 / 12 000 × 100 = 105.00 %
    assert_eq!(renewal_rate_by_value(dec("12600"), dec("12000")), v("105.00"));
}

#[test]
fn churn_and_retention() {
    // ChartMogul customer churn: 4 lost (new ones excluded) of 200 at the start = 2.00 %
    assert_eq!(customer_churn_rate(4, 200), v("2.00"));
    // MRR start 10 000; churn 300, contraction 200, expansion 600, reactivation 50
    // gross = (300 + 200) / 10 000 = 5.00 %; net = (300 + 200 − 600 − 50) / 10 000 = −1.50 %
    assert_eq!(gross_mrr_churn(dec("300"), dec("200"), dec("10000")), v("5.00"));
    assert_eq!(net_mrr_churn(dec("300"), dec("200"), dec("600"), dec("50"), dec("10000")), v("-1.50"));
    // NRR = (10 000 + 600 − 200 − 300) / 10 000 = 101.00 %; with reactivation 50: 101.50 %
    assert_eq!(nrr(dec("10000"), dec("600"), dec("200"), dec("300"), Decimal::ZERO), v("101.00"));
    assert_eq!(nrr(dec("10000"), dec("600"), dec("200"), dec("300"), dec("50")), v("101.50"));
    // GRR = (10 000 − 200 − 300) / 10 000 = 95.00 %
    assert_eq!(grr(dec("10000"), dec("200"), dec("300")), v("95.00"));
    assert_eq!(grr(Decimal::ZERO, Decimal::ZERO, Decimal::ZERO), Ratio::Undefined(Undefined::NoMrrAtStart));
}

#[test]
fn arpa_and_lifetime_values() {
    // ARPA = 10 000 / 3 = 3 333.333… → 3 333.33
    assert_eq!(arpa(dec("10000"), 3), v("3333.33"));
    assert_eq!(arpa(dec("10000"), 0), Ratio::Undefined(Undefined::NoPayingCustomers));
    // ChartMogul (help centre, "Chart: Customer Lifetime Value"): ARPA / customer churn rate;
    // ARPA 50 €, trailing churn 2.5 % → 50 / 0.025 = 2 000 €
    assert_eq!(ltv_chartmogul(v("50"), &[v("2.5")]), v("2000.00"));
    // the average of the trailing months: (1 + 2 + 3 + 2 + 1 + 3) / 6 = 2 % → 50 / 0.02 = 2 500 €
    let six = [v("1"), v("2"), v("3"), v("2"), v("1"), v("3")];
    assert_eq!(ltv_chartmogul(v("50"), &six), v("2500.00"));
    // undefined at zero churn, rather than divided by zero; months without a rate are skipped
    assert_eq!(ltv_chartmogul(v("50"), &[v("0"), v("0")]), Ratio::Undefined(Undefined::ZeroChurn));
    assert_eq!(ltv_chartmogul(v("50"), &[]), Ratio::Undefined(Undefined::NoChurnHistory));
    assert_eq!(ltv_chartmogul(v("50"), &[Ratio::Undefined(Undefined::NoCustomersAtStart), v("4")]), v("1250.00"));
    // the users' CLV: average contract value 250 €/month × 18.5 months = 4 625 €
    assert_eq!(clv_users(v("250"), v("18.5")), v("4625.00"));
    assert_eq!(clv_users(Ratio::Undefined(Undefined::NoActiveContracts), v("3")), Ratio::Undefined(Undefined::NoActiveContracts));
}

#[test]
fn ratios_in_json() {
    assert_eq!(serde_json::to_string(&v("85.00")).unwrap(), r#"{"value":"85.00"}"#);
    assert_eq!(serde_json::to_string(&Ratio::Undefined(Undefined::ZeroChurn)).unwrap(), r#"{"undefined":"zero_churn"}"#);
}
