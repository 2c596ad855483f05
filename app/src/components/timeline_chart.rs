//! "The follow-up over time": one line per status, week by week since the
//! summit, as server-rendered SVG (no script, no wasm), with the same figures
//! as a table for screen readers and anyone who prefers numbers.
//!
//! Reading it without colour: each status has its own dash pattern and end
//! marker, and is named at the end of its line with today's figure. The
//! colours are the status colours of the rest of the site (each at least
//! 4.5:1 on white). Time runs left to right in every language, Arabic
//! included (as in UN Arabic publications' charts); the table, the legend
//! and the page around it are mirrored.

use crate::components::scroll_box::ScrollBox;
use crate::i18n::*;
use crate::model::Timeline;
use crate::text::{long_date, status_name};
use leptos::prelude::*;
use summit::Status;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

fn dash(status: Status) -> &'static str {
    match status {
        Status::NotReported => "2 4",
        Status::NotStarted => "8 4 2 4",
        Status::InProgress => "6 3",
        Status::Completed => "none",
        Status::AtRisk => "1 3",
    }
}

/// An end marker shape per status, centred on (x, y).
fn marker(status: Status, x: f64, y: f64) -> String {
    match status {
        Status::NotReported => format!("M{:.1} {:.1}h8v8h-8z", x - 4.0, y - 4.0),
        Status::NotStarted => format!("M{x:.1} {:.1}l5 9h-10z", y - 5.0),
        Status::InProgress => format!("M{x:.1} {:.1}l5 5-5 5-5-5z", y - 5.0),
        Status::Completed => format!("M{:.1} {y:.1}a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0", x - 4.5),
        Status::AtRisk => format!("M{:.1} {:.1}l8 8m0-8l-8 8", x - 4.0, y - 4.0),
    }
}

/// Moves end labels apart so none overlaps the next (at least `gap` apart),
/// keeping their order.
fn spread(mut ys: Vec<(usize, f64)>, gap: f64, min: f64, max: f64) -> Vec<(usize, f64)> {
    ys.sort_by(|a, b| a.1.total_cmp(&b.1));
    for i in 1..ys.len() {
        if ys[i].1 - ys[i - 1].1 < gap {
            ys[i].1 = ys[i - 1].1 + gap;
        }
    }
    let overflow = ys.last().map_or(0.0, |l| (l.1 - max).max(0.0));
    for y in &mut ys {
        y.1 = (y.1 - overflow).max(min);
    }
    ys
}

#[component]
pub fn TimelineChart(timeline: Timeline, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let Timeline {
        days,
        counts,
        total,
    } = timeline;
    let Some((first, last)) = days.first().copied().zip(days.last().copied()) else {
        return ().into_any();
    };
    let span = (last - first).get_days().max(1) as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let top = f64::from(total.max(1));
    let x_of = |day: jiff::civil::Date| LEFT + (day - first).get_days() as f64 / span * plot_w;
    let y_of = |count: u32| TOP + plot_h - f64::from(count) / top * plot_h;

    let grid = (0..=4)
        .map(|i| {
            let value = (f64::from(total) * f64::from(i) / 4.0).round() as u32;
            let y = y_of(value);
            view! {
                <line class="grid" x1=LEFT x2=LEFT + plot_w y1=y y2=y />
                <text class="tick" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{value}</text>
            }
        })
        .collect_view();
    // A tick on the first of every third month (dated in full: a month's
    // name alone would need its own grammatical case in Russian).
    let month_ticks: Vec<jiff::civil::Date> =
        std::iter::successors(Some(first.first_of_month()), |d| {
            d.checked_add(jiff::Span::new().months(1)).ok()
        })
        .take_while(|d| *d <= last)
        .filter(|d| *d >= first && (d.month() - 1) % 3 == 0)
        .collect();
    let ticks = month_ticks
        .into_iter()
        .map(|day| {
            let x = x_of(day);
            view! {
                <line class="axis" x1=x x2=x y1=TOP + plot_h y2=TOP + plot_h + 5.0 />
                <text class="tick" x=x y=HEIGHT - BOTTOM + 20.0 text-anchor="middle">
                    {move || long_date(i18n, day)}
                </text>
            }
        })
        .collect_view();

    let last_counts = counts.last().copied().unwrap_or_default();
    let labels = spread(
        Status::ALL
            .iter()
            .enumerate()
            .map(|(i, _)| (i, y_of(last_counts[i])))
            .collect(),
        15.0,
        TOP + 4.0,
        TOP + plot_h,
    );
    let lines = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, status)| {
            let status = *status;
            let points = days
                .iter()
                .zip(&counts)
                .map(|(day, c)| format!("{:.1},{:.1}", x_of(*day), y_of(c[i])))
                .collect::<Vec<_>>()
                .join(" ");
            let end_x = x_of(last);
            let end_y = y_of(last_counts[i]);
            let label_y = labels.iter().find(|(j, _)| *j == i).map_or(end_y, |l| l.1);
            let value = last_counts[i];
            view! {
                <g class=format!("series status-{}", status.slug())>
                    <polyline points=points stroke-dasharray=dash(status) />
                    <path class="marker" d=marker(status, end_x, end_y) />
                    <text class="end-label" x=end_x + 12.0 y=label_y + 4.0>
                        {move || format!("{} {value}", status_name(i18n, status))}
                    </text>
                </g>
            }
        })
        .collect_view();

    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let summary = move || {
        t_string!(
            i18n,
            timeline.summary,
            first = long_date(i18n, first),
            last = long_date(i18n, last),
            completed = last_counts[3],
            total = total
        )
        .to_string()
    };
    let rows = days
        .iter()
        .zip(&counts)
        .rev()
        .map(|(day, c)| {
            let day = *day;
            let c = *c;
            view! {
                <tr>
                    <th scope="row"><time datetime=day.to_string()>{move || long_date(i18n, day)}</time></th>
                    {c.into_iter().map(|n| view! { <td>{n}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    // The table is the chart's alternative, not part of the figure: a
    // figcaption must be the figure's first or last child.
    view! {
        <div class="over-time" data-testid="timeline">
            <figure>
                <svg
                    class="timeline-chart"
                    viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                    role="img"
                    aria-labelledby=format!("{title_id} {desc_id}")
                >
                    <title id=title_id.clone()>{move || t_string!(i18n, timeline.heading)}</title>
                    <desc id=desc_id.clone()>{summary}</desc>
                    {grid}
                    <line class="axis" x1=LEFT x2=LEFT + plot_w y1=TOP + plot_h y2=TOP + plot_h />
                    {ticks}
                    {lines}
                </svg>
                <figcaption>{summary}</figcaption>
            </figure>
            <details class="timeline-table">
                <summary>{move || t_string!(i18n, timeline.as_table)}</summary>
                <ScrollBox>
                    <table>
                        <caption>{move || t_string!(i18n, timeline.heading)}</caption>
                        <thead><tr>
                            <th scope="col">{move || t_string!(i18n, timeline.week_of)}</th>
                            {Status::ALL.iter().map(|s| {
                                let s = *s;
                                view! { <th scope="col">{move || status_name(i18n, s)}</th> }
                            }).collect_view()}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </ScrollBox>
            </details>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_labels_never_overlap() {
        let spread = spread(
            vec![(0, 100.0), (1, 100.0), (2, 101.0), (3, 50.0)],
            15.0,
            0.0,
            300.0,
        );
        let mut ys: Vec<f64> = spread.iter().map(|s| s.1).collect();
        ys.sort_by(f64::total_cmp);
        for pair in ys.windows(2) {
            assert!(pair[1] - pair[0] >= 15.0 - 1e-9, "{ys:?}");
        }
    }

    #[test]
    fn labels_pushed_past_the_bottom_come_back_inside() {
        let spread = spread(vec![(0, 290.0), (1, 290.0), (2, 290.0)], 15.0, 0.0, 290.0);
        assert!(spread.iter().all(|s| s.1 <= 290.0));
    }
}

/// The chart in a section of its own, for all regions or one (`timeline`
/// as `server_fns::reads::get_timeline` gives it for `region`).
#[component]
pub fn ProgressOverTime(
    timeline: Timeline,
    #[prop(optional, into)] region: Option<summit::Region>,
) -> impl IntoView {
    use crate::components::reused::reused;
    let i18n = use_i18n();
    let id = format!("timeline-{}", region.map_or("all", |r| r.slug()));
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let part = format!("chart/{id}");
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || t_string!(i18n, timeline.heading)}</h2>
            <p>{move || t_string!(i18n, timeline.intro)}</p>
            {reused(move || part, move || view! { <TimelineChart timeline id /> })}
        </section>
    }
}
