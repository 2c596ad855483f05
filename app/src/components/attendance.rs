//! Attendance exactly as the source reports it: for the series, never per session.

use crate::i18n::*;
use crate::text::participants;
use leptos::prelude::*;
use summit::SeriesAttendance;

#[component]
pub fn AttendanceFacts(attendance: SeriesAttendance) -> impl IntoView {
    let i18n = use_i18n();
    let average = attendance.average_per_session;
    let largest = attendance
        .largest_sessions
        .into_iter()
        .enumerate()
        .map(|(i, figure)| {
            view! {
                <dt>
                    {move || {
                        if i == 0 {
                            t_string!(i18n, attendance.one_session).to_string()
                        } else {
                            t_string!(i18n, attendance.another_session).to_string()
                        }
                    }}
                </dt>
                <dd>{move || participants(i18n, figure)}</dd>
            }
        })
        .collect_view();
    view! {
        <dl class="attendance">
            <dt>{move || t_string!(i18n, attendance.average)}</dt>
            <dd>{move || participants(i18n, average)}</dd>
            {largest}
        </dl>
        <p class="note">{move || t_string!(i18n, attendance.which_unknown)}</p>
    }
}
