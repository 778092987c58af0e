//! The attendees' side of a meeting: the copies the service delivers to attendees who have a
//! mailbox in the tenant (tentative until they answer, cancelled with the meeting), rooms that
//! accept or decline by their free/busy, and the answers tests give through the control API.

use super::meetings::{AttendeeType, Response, instant_span};
use super::model::{SandboxEvent, ShowAs};
use super::state::{StoredEvent, TenantState, graph_item_id};

impl TenantState {
    /// An attendee's copy once the meeting is off: kept, marked cancelled, "Canceled: " in front
    /// of the subject, as Outlook shows it; it no longer blocks free/busy.
    pub(super) fn cancel_copy(&mut self, address: &str, ical_uid: &str) {
        let Some(u) = self
            .users
            .iter()
            .position(|u| u.user.email.eq_ignore_ascii_case(address))
        else {
            return;
        };
        let details = &self.meetings.details;
        for stored in &mut self.users[u].events {
            let is_copy = details
                .get(&stored.id)
                .is_some_and(|m| !m.is_organizer && m.ical_uid == ical_uid);
            if is_copy && !stored.event.is_cancelled {
                stored.event.is_cancelled = true;
                stored.event.subject = format!("Canceled: {}", stored.event.subject);
            }
        }
    }

    /// The index of the attendee copy of a meeting in one user's calendar.
    fn copy_index(&self, u: usize, ical_uid: &str) -> Option<usize> {
        self.users[u].events.iter().position(|e| {
            self.meetings
                .details
                .get(&e.id)
                .is_some_and(|m| !m.is_organizer && m.ical_uid == ical_uid)
        })
    }

    /// Brings the attendees' copies in line with the organizer's item: new tenant attendees
    /// get a tentative copy, existing copies follow the meeting, resources answer by their
    /// free/busy ("Create event": "On behalf of the resource, the server accepts or rejects the
    /// meeting request based on the free/busy schedule of the resource").
    pub(super) fn sync_copies(&mut self, event_id: &str, times_changed: bool) {
        let Some((ou, oe)) = self.organizer_spot(event_id) else {
            return;
        };
        let organizer_event = self.users[ou].events[oe].event.clone();
        let Some(meeting) = self.meetings.details.get(event_id).cloned() else {
            return;
        };
        let Some((start, end)) = instant_span(&organizer_event) else {
            return;
        };
        let answered_at = self.now();
        let mut answers: Vec<(String, Response)> = Vec::new();
        for a in &meeting.attendees {
            if a.address.eq_ignore_ascii_case(&meeting.organizer.address) {
                continue;
            }
            let Some(u) = self
                .users
                .iter()
                .position(|u| u.user.email.eq_ignore_ascii_case(&a.address))
            else {
                continue;
            };
            let existing = self.copy_index(u, &meeting.ical_uid);
            let mut own = existing
                .and_then(|i| self.meetings.details.get(&self.users[u].events[i].id))
                .map_or((Response::NotResponded, None), |m| {
                    (m.own_response, m.own_response_time)
                });
            let mut show_as =
                existing.map_or(ShowAs::Tentative, |i| self.users[u].events[i].event.show_as);
            if a.kind == AttendeeType::Resource && (existing.is_none() || times_changed) {
                let busy = self.users[u].events.iter().enumerate().any(|(i, e)| {
                    Some(i) != existing
                        && !e.event.is_cancelled
                        && !matches!(e.event.show_as, ShowAs::Free | ShowAs::WorkingElsewhere)
                        && instant_span(&e.event).is_some_and(|(s, f)| s < end && f > start)
                });
                let answer = if busy {
                    Response::Declined
                } else {
                    Response::Accepted
                };
                answers.push((a.address.clone(), answer));
                own = (answer, Some(answered_at));
                show_as = ShowAs::Busy;
            } else if a.response == Response::Declined && existing.is_none() {
                continue;
            }
            if own.0 == Response::Declined {
                if let Some(i) = existing {
                    let removed = self.users[u].events.remove(i);
                    self.meetings.details.remove(&removed.id);
                }
                continue;
            }
            let mut copy = meeting.clone();
            copy.is_organizer = false;
            copy.own_response = own.0;
            copy.own_response_time = own.1;
            copy.transaction_id = None;
            copy.categories = Vec::new();
            copy.extended = Vec::new();
            let event = SandboxEvent {
                show_as,
                ..organizer_event.clone()
            };
            match existing {
                Some(i) => {
                    let stored = &mut self.users[u].events[i];
                    stored.event = event;
                    let id = stored.id.clone();
                    if let Some(old) = self.meetings.details.get(&id) {
                        copy.created = old.created;
                    }
                    self.meetings.details.insert(id, copy);
                }
                None => {
                    let id = graph_item_id();
                    self.users[u].events.push(StoredEvent {
                        id: id.clone(),
                        event,
                    });
                    self.meetings.details.insert(id, copy);
                }
            }
        }
        // Tenant users no longer invited: their copy shows the cancellation they were sent.
        let still: Vec<String> = meeting
            .attendees
            .iter()
            .map(|a| a.address.to_ascii_lowercase())
            .collect();
        let gone: Vec<String> = self
            .users
            .iter()
            .enumerate()
            .filter(|(u, user)| {
                !still.contains(&user.user.email.to_ascii_lowercase())
                    && self.copy_index(*u, &meeting.ical_uid).is_some()
            })
            .map(|(_, user)| user.user.email.clone())
            .collect();
        for address in gone {
            self.cancel_copy(&address, &meeting.ical_uid);
        }
        if let Some(m) = self.meetings.details.get_mut(event_id) {
            for (address, answer) in answers {
                if let Some(a) = m
                    .attendees
                    .iter_mut()
                    .find(|a| a.address.eq_ignore_ascii_case(&address))
                {
                    a.response = answer;
                    a.response_time = Some(answered_at);
                }
            }
        }
    }

    /// An attendee answers (what the attendee would do in Outlook): the organizer's item shows
    /// the answer and the time, and a tenant attendee's copy follows (declining removes it).
    pub(super) fn set_attendee_response(
        &mut self,
        event_id: &str,
        email: &str,
        response: &str,
    ) -> Result<(), String> {
        let answer = match Response::from_wire(response) {
            Some(Response::Organizer) | None => {
                return Err(format!(
                    "unknown response '{response}': accepted, tentativelyAccepted, declined, none or notResponded"
                ));
            }
            Some(r) => r,
        };
        if self.organizer_spot(event_id).is_none() {
            return Err(format!("no meeting organized with id {event_id}"));
        }
        let at = self.now();
        let m = self
            .meetings
            .details
            .get_mut(event_id)
            .ok_or_else(|| format!("no meeting organized with id {event_id}"))?;
        let a = m
            .attendees
            .iter_mut()
            .find(|a| a.address.eq_ignore_ascii_case(email.trim()))
            .ok_or_else(|| format!("{email} is not an attendee of {event_id}"))?;
        a.response = answer;
        a.response_time = if matches!(answer, Response::None | Response::NotResponded) {
            None
        } else {
            Some(at)
        };
        let ical_uid = m.ical_uid.clone();
        let Some(u) = self
            .users
            .iter()
            .position(|u| u.user.email.eq_ignore_ascii_case(email.trim()))
        else {
            return Ok(());
        };
        if self.copy_index(u, &ical_uid).is_none() && answer != Response::Declined {
            self.sync_copies(event_id, false);
        }
        let Some(i) = self.copy_index(u, &ical_uid) else {
            return Ok(());
        };
        if answer == Response::Declined {
            let removed = self.users[u].events.remove(i);
            self.meetings.details.remove(&removed.id);
            return Ok(());
        }
        let stored = &mut self.users[u].events[i];
        stored.event.show_as = match answer {
            Response::Accepted => ShowAs::Busy,
            _ => ShowAs::Tentative,
        };
        if let Some(copy) = self.meetings.details.get_mut(&stored.id) {
            copy.own_response = match answer {
                Response::None => Response::NotResponded,
                other => other,
            };
            copy.own_response_time = (answer != Response::None).then_some(at);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::meetings::fixtures::*;
    use super::super::meetings::{AttendeeType, Response};
    use super::super::seed::{ADELE, MEGAN, ROOM};
    use super::*;

    #[test]
    fn tenant_attendees_get_a_tentative_copy_and_rooms_answer_by_free_busy() {
        let (mut st, adele) = tenant();
        let attendees = vec![
            person(MEGAN, AttendeeType::Required),
            person(ROOM, AttendeeType::Resource),
        ];
        let (id, _) = st
            .create_meeting(&adele, draft(attendees.clone(), None))
            .unwrap();
        let megan = st.calendar_items(MEGAN);
        assert_eq!(megan.len(), 1);
        assert!(!megan[0].is_organizer);
        let copy = &st.user_by_email(MEGAN).unwrap().events[0];
        assert_eq!(copy.event.show_as, ShowAs::Tentative);
        let responses = &st.calendar_items(ADELE)[0].attendees;
        assert_eq!(responses[0].1, "none");
        assert_eq!(responses[1].1, "accepted");
        // The room is now busy at that time: a second meeting there is declined.
        let (second, _) = st
            .create_meeting(
                &adele,
                draft(vec![person(ROOM, AttendeeType::Resource)], None),
            )
            .unwrap();
        let m = &st.meetings.details[&second];
        assert_eq!(m.attendees[0].response, Response::Declined);
        assert_eq!(st.calendar_items(ROOM).len(), 1);
        // Megan accepts, then declines: her copy turns busy, then goes away.
        st.set_attendee_response(&id, MEGAN, "accepted").unwrap();
        assert_eq!(
            st.user_by_email(MEGAN).unwrap().events[0].event.show_as,
            ShowAs::Busy
        );
        st.set_attendee_response(&id, MEGAN, "declined").unwrap();
        assert!(st.calendar_items(MEGAN).is_empty());
        assert_eq!(st.calendar_items(ADELE)[0].attendees[0].1, "declined");
        assert!(
            st.set_attendee_response(&id, "nobody@example.com", "accepted")
                .is_err()
        );
        assert!(st.set_attendee_response(&id, MEGAN, "organizer").is_err());
        assert!(st.set_attendee_response("nope", MEGAN, "accepted").is_err());
    }
}
