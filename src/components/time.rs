//! Timestamps. The server writes them in UTC (what a page without
//! JavaScript shows); before the first paint, the page's inline script
//! (`app::LOCAL_TIMES`) rewrites each in the visitor's time zone and the
//! page's language, "2 minutes ago" where that reads better, keeping the
//! full time as a tooltip. No island renders a time, so hydration never
//! compares them.

use leptos::prelude::*;

/// `2026-11-24 08:33 UTC` from unix seconds.
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

/// `relative`: recent times read as "5 minutes ago" (last activity, the
/// activity list), older ones as a date.
#[component]
pub fn Time(secs: i64, #[prop(optional)] relative: bool) -> impl IntoView {
    let text = format_utc(secs);
    let machine = text.replace(" UTC", "Z").replace(' ', "T");
    view! { <time datetime=machine data-relative=relative.then_some("")>{text}</time> }
}

#[cfg(test)]
mod tests {
    use super::format_utc;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_795_509_180), "2026-11-24 08:33 UTC");
    }
}
