//! The organizer's side of a meeting: create (with transactionId de-duplication), update,
//! cancel and delete, each sending the meeting messages Outlook sends, and the calendar as tests
//! read it.

use super::meetings::{
    Attendee, ItemBody, Meeting, MeetingChanges, MeetingDraft, MeetingError, NotificationKind,
    OnlineMeeting, Person, Provider, Response, SandboxCalendarItem, SandboxNotification, Spot,
    instant_span, new_change_key, new_ical_uid, new_teams_meeting, refused,
};
use super::model::SandboxEvent;
use super::state::{StoredEvent, TenantState, graph_item_id};

impl TenantState {
    fn spot(&self, user_id: &str, event_id: &str) -> Option<Spot> {
        let u = self.users.iter().position(|u| u.id == user_id)?;
        let e = self.users[u].events.iter().position(|e| e.id == event_id)?;
        Some((u, e))
    }

    /// The organizer's item with this id, in whichever calendar.
    pub(super) fn organizer_spot(&self, event_id: &str) -> Option<Spot> {
        self.users.iter().enumerate().find_map(|(u, user)| {
            let e = user.events.iter().position(|e| e.id == event_id)?;
            let m = self.meetings.details.get(event_id)?;
            m.is_organizer.then_some((u, e))
        })
    }

    /// The details of an event, made up for an event that has none yet (one added through
    /// `Control::add_event`: organized by its owner, no attendees).
    fn details_mut(&mut self, (u, e): Spot) -> &mut Meeting {
        let user = &self.users[u];
        let stored = &user.events[e];
        let organizer = Person {
            name: user.user.display_name.clone(),
            address: user.user.email.clone(),
        };
        let zone = stored.event.time_zone.clone();
        let at = self.now();
        self.meetings
            .details
            .entry(stored.id.clone())
            .or_insert_with(|| Meeting {
                ical_uid: new_ical_uid(),
                change_key: new_change_key(),
                created: at,
                modified: at,
                original_start_zone: zone.clone(),
                original_end_zone: zone,
                body: ItemBody {
                    html: true,
                    content: String::new(),
                },
                location: None,
                attendees: Vec::new(),
                organizer,
                is_organizer: true,
                own_response: Response::Organizer,
                own_response_time: None,
                is_online_meeting: false,
                provider: Provider::Unknown,
                online_meeting: None,
                allow_new_time_proposals: true,
                response_requested: true,
                transaction_id: None,
                categories: Vec::new(),
                extended: Vec::new(),
                deleted: false,
            })
    }

    /// The online meeting Outlook initializes: a Teams link when the tenant has Teams and Teams
    /// (or no particular provider) was asked for; otherwise none, reported as provider
    /// `unknown` ("Create event" example 2 shows that shape).
    fn online_meeting_for(
        &self,
        requested: Option<Provider>,
        organizer_oid: &str,
    ) -> (Provider, Option<OnlineMeeting>) {
        match requested {
            None | Some(Provider::TeamsForBusiness) if self.meetings.teams_enabled => (
                Provider::TeamsForBusiness,
                Some(new_teams_meeting(organizer_oid)),
            ),
            _ => (Provider::Unknown, None),
        }
    }

    fn notify(
        &mut self,
        to: &str,
        kind: NotificationKind,
        event_id: &str,
        subject: &str,
        comment: Option<&str>,
    ) {
        self.meetings.notifications.push(SandboxNotification {
            to: to.to_string(),
            kind,
            event_id: event_id.to_string(),
            subject: subject.to_string(),
            comment: comment.map(str::to_string),
        });
    }

    /// Creates a meeting in the caller's calendar and sends the requests. With a transactionId
    /// the organizer already used, returns that event instead: per the event resource, the
    /// property exists "for the server to avoid redundant POST operations in case of client
    /// retries to create the same event". Returns the id and whether it is new.
    pub(super) fn create_meeting(
        &mut self,
        user_id: &str,
        draft: MeetingDraft,
    ) -> Result<(String, bool), MeetingError> {
        let u = self
            .users
            .iter()
            .position(|u| u.id == user_id)
            .ok_or(MeetingError::NotFound)?;
        if let Some(t) = &draft.transaction_id {
            // Only items still in the calendar: Microsoft documents no retention window, and an
            // item in Deleted Items is no longer a meeting the organizer holds.
            let existing = self.users[u].events.iter().find(|e| {
                self.meetings.details.get(&e.id).is_some_and(|m| {
                    m.is_organizer && !m.deleted && m.transaction_id.as_deref() == Some(t)
                })
            });
            if let Some(e) = existing {
                return Ok((e.id.clone(), false));
            }
        }
        let user = &self.users[u];
        let organizer = Person {
            name: user.user.display_name.clone(),
            address: user.user.email.clone(),
        };
        let (provider, online_meeting) = if draft.is_online_meeting {
            self.online_meeting_for(draft.provider, user_id)
        } else {
            (Provider::Unknown, None)
        };
        let id = graph_item_id();
        let at = self.now();
        let meeting = Meeting {
            ical_uid: new_ical_uid(),
            change_key: new_change_key(),
            created: at,
            modified: at,
            original_start_zone: draft.start_zone,
            original_end_zone: draft.end_zone,
            body: draft.body,
            location: draft.location,
            attendees: draft.attendees,
            organizer,
            is_organizer: true,
            own_response: Response::Organizer,
            own_response_time: None,
            is_online_meeting: draft.is_online_meeting,
            provider,
            online_meeting,
            allow_new_time_proposals: draft.allow_new_time_proposals,
            response_requested: draft.response_requested,
            transaction_id: draft.transaction_id,
            categories: draft.categories,
            extended: draft.extended,
            deleted: false,
        };
        // Kept in UTC: a meeting is a single instance, and UTC has no DST gap to trip over.
        self.users[u].events.push(StoredEvent {
            id: id.clone(),
            event: SandboxEvent {
                subject: draft.subject.clone(),
                start: draft.start.naive_utc(),
                end: draft.end.naive_utc(),
                time_zone: "UTC".to_string(),
                show_as: draft.show_as,
                is_cancelled: false,
                recurrence: None,
            },
        });
        let invited: Vec<String> = meeting
            .attendees
            .iter()
            .filter(|a| !a.address.eq_ignore_ascii_case(&meeting.organizer.address))
            .map(|a| a.address.clone())
            .collect();
        self.meetings.details.insert(id.clone(), meeting);
        // "When an event is sent, the server sends invitations to all the attendees."
        for to in &invited {
            self.notify(to, NotificationKind::Request, &id, &draft.subject, None);
        }
        self.sync_copies(&id, true);
        Ok((id, true))
    }

    /// Applies a PATCH. The organizer's changes reach the attendees; an attendee's only change
    /// their own copy.
    pub(super) fn update_meeting(
        &mut self,
        user_id: &str,
        event_id: &str,
        changes: MeetingChanges,
    ) -> Result<(), MeetingError> {
        let spot = self.spot(user_id, event_id).ok_or(MeetingError::NotFound)?;
        let recurring = self.users[spot.0].events[spot.1].event.recurrence.is_some();
        let meeting = self.details_mut(spot).clone();
        if meeting.deleted {
            // Not documented: the item sits in Deleted Items; updating a cancelled meeting
            // would send updates for a meeting that no longer takes place.
            return Err(refused(
                "ErrorInvalidRequest",
                "The meeting has been cancelled and can no longer be updated.",
            ));
        }
        if let Some(t) = &changes.transaction_id
            && meeting.transaction_id.as_deref() != Some(t.as_str())
        {
            // "After you set transactionId when creating an event, you cannot change
            // transactionId in a subsequent update." (event resource; the error is not documented).
            return Err(refused(
                "ErrorInvalidRequest",
                "The transactionId of an event can't be changed after the event is created.",
            ));
        }
        if recurring && (changes.start.is_some() || changes.end.is_some()) {
            return Err(refused(
                "BadRequest",
                "The sandbox tenant does not move recurring series.",
            ));
        }
        let stored = &self.users[spot.0].events[spot.1];
        let (old_start, old_end) = instant_span(&stored.event).ok_or(MeetingError::NotFound)?;
        let start = changes.start.as_ref().map_or(old_start, |(t, _)| *t);
        let end = changes.end.as_ref().map_or(old_end, |(t, _)| *t);
        if end <= start {
            // What Graph answers for an end before the start (seen in microsoft-graph-docs
            // issue 7919; the pair is not documented).
            return Err(refused(
                "ErrorPropertyValidationFailure",
                "At least one property failed validation.",
            ));
        }
        let times_changed = start != old_start || end != old_end;
        let old_attendees = meeting.attendees.clone();

        let stored = &mut self.users[spot.0].events[spot.1];
        if times_changed {
            stored.event.start = start.naive_utc();
            stored.event.end = end.naive_utc();
            stored.event.time_zone = "UTC".to_string();
        }
        if let Some(s) = &changes.subject {
            stored.event.subject = s.clone();
        }
        if let Some(s) = changes.show_as {
            stored.event.show_as = s;
        }
        let subject = stored.event.subject.clone();
        let wants_online = changes.is_online_meeting == Some(true) && !meeting.is_online_meeting;
        let online = wants_online.then(|| self.online_meeting_for(changes.provider, user_id));
        let modified_at = self.now();
        let m = self.details_mut(spot);
        if let Some((_, zone)) = &changes.start {
            m.original_start_zone = zone.clone();
        }
        if let Some((_, zone)) = &changes.end {
            m.original_end_zone = zone.clone();
        }
        if let Some(b) = changes.body.clone() {
            m.body = b;
        }
        if let Some(l) = changes.location.clone() {
            m.location = l;
        }
        if let Some(list) = changes.attendees.clone() {
            // Answers already given stay with the attendees who remain.
            m.attendees = list
                .into_iter()
                .map(|mut a| {
                    if let Some(old) = old_attendees
                        .iter()
                        .find(|o| o.address.eq_ignore_ascii_case(&a.address))
                    {
                        a.response = old.response;
                        a.response_time = old.response_time;
                    }
                    a
                })
                .collect();
        }
        // "After you set isOnlineMeeting to true, Microsoft Graph initializes onlineMeeting.
        // Subsequently, Outlook ignores any further changes to isOnlineMeeting, and the meeting
        // remains available online." (event resource)
        if let Some((provider, info)) = online {
            m.is_online_meeting = true;
            m.provider = provider;
            m.online_meeting = info;
        }
        if let Some(v) = changes.allow_new_time_proposals {
            m.allow_new_time_proposals = v;
        }
        if let Some(v) = changes.response_requested {
            m.response_requested = v;
        }
        if let Some(c) = changes.categories.clone() {
            m.categories = c;
        }
        if let Some(x) = changes.extended.clone() {
            for p in x {
                match m.extended.iter_mut().find(|e| e.id == p.id) {
                    Some(e) => e.value = p.value,
                    None => m.extended.push(p),
                }
            }
        }
        m.modified = modified_at;
        m.change_key = new_change_key();
        let is_organizer = m.is_organizer;
        let organizer = m.organizer.address.clone();
        let new_attendees = m.attendees.clone();
        if !is_organizer || changes.only_private() {
            return Ok(());
        }
        let has = |list: &[Attendee], a: &Attendee| {
            list.iter()
                .any(|o| o.address.eq_ignore_ascii_case(&a.address))
        };
        let not_organizer = |a: &&Attendee| !a.address.eq_ignore_ascii_case(&organizer);
        let mut messages = Vec::new();
        for a in new_attendees.iter().filter(not_organizer) {
            if !has(&old_attendees, a) {
                messages.push((a.address.clone(), NotificationKind::Request));
            } else if !changes.attendees_only() {
                messages.push((a.address.clone(), NotificationKind::Update));
            }
        }
        for a in old_attendees.iter().filter(not_organizer) {
            if !has(&new_attendees, a) {
                messages.push((a.address.clone(), NotificationKind::Cancellation));
            }
        }
        for (to, kind) in messages {
            self.notify(&to, kind, event_id, &subject, None);
        }
        self.sync_copies(event_id, times_changed);
        Ok(())
    }

    /// The organizer cancels: attendees get the cancellation with the comment, the item leaves
    /// the calendar and no longer blocks free/busy. An attendee gets 400 ("event: cancel").
    pub(super) fn cancel_meeting(
        &mut self,
        user_id: &str,
        event_id: &str,
        comment: Option<&str>,
    ) -> Result<(), MeetingError> {
        let spot = self.spot(user_id, event_id).ok_or(MeetingError::NotFound)?;
        let modified_at = self.now();
        let m = self.details_mut(spot);
        if !m.is_organizer {
            return Err(MeetingError::NotOrganizer);
        }
        if m.deleted {
            // Not documented; a repeated cancel (a client retrying after a lost answer) changes
            // nothing and sends nothing.
            return Ok(());
        }
        m.deleted = true;
        m.modified = modified_at;
        m.change_key = new_change_key();
        self.users[spot.0].events[spot.1].event.is_cancelled = true;
        self.send_cancellations(spot, comment);
        Ok(())
    }

    /// Deletes an item. "If the event is a meeting, deleting the event on the organizer's
    /// calendar sends a cancellation message to the meeting attendees." ("Delete event")
    pub(super) fn delete_event(
        &mut self,
        user_id: &str,
        event_id: &str,
    ) -> Result<(), MeetingError> {
        let spot = self.spot(user_id, event_id).ok_or(MeetingError::NotFound)?;
        let live_meeting = self
            .meetings
            .details
            .get(event_id)
            .is_some_and(|m| m.is_organizer && !m.deleted);
        if live_meeting {
            self.send_cancellations(spot, None);
        }
        self.users[spot.0].events.remove(spot.1);
        self.meetings.details.remove(event_id);
        Ok(())
    }

    fn send_cancellations(&mut self, spot: Spot, comment: Option<&str>) {
        let stored = &self.users[spot.0].events[spot.1];
        let (event_id, subject) = (stored.id.clone(), stored.event.subject.clone());
        let Some(m) = self.meetings.details.get(&event_id) else {
            return;
        };
        let organizer = m.organizer.address.clone();
        let ical_uid = m.ical_uid.clone();
        let to: Vec<String> = m
            .attendees
            .iter()
            .filter(|a| !a.address.eq_ignore_ascii_case(&organizer))
            .map(|a| a.address.clone())
            .collect();
        for address in to {
            self.notify(
                &address,
                NotificationKind::Cancellation,
                &event_id,
                &subject,
                comment,
            );
            self.cancel_copy(&address, &ical_uid);
        }
    }

    /// A user's calendar as tests see it.
    pub(super) fn calendar_items(&self, email: &str) -> Vec<SandboxCalendarItem> {
        let Some(user) = self.user_by_email(email) else {
            return Vec::new();
        };
        user.events
            .iter()
            .filter_map(|stored| {
                let (start, end) = instant_span(&stored.event)?;
                let m = self.meetings.details.get(&stored.id);
                Some(SandboxCalendarItem {
                    id: stored.id.clone(),
                    subject: stored.event.subject.clone(),
                    start,
                    end,
                    is_cancelled: stored.event.is_cancelled,
                    in_calendar: !m.is_some_and(|m| m.deleted),
                    is_organizer: m.is_none_or(|m| m.is_organizer),
                    transaction_id: m.and_then(|m| m.transaction_id.clone()),
                    attendees: m.map_or_else(Vec::new, |m| {
                        m.attendees
                            .iter()
                            .map(|a| (a.address.clone(), a.response.wire_name().to_string()))
                            .collect()
                    }),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::meetings::AttendeeType;
    use super::super::meetings::fixtures::*;
    use super::super::seed::{ADELE, MEGAN};
    use super::*;

    #[test]
    fn meeting_times_come_from_the_tenants_clock() {
        use super::super::clock::{Clock, ManualClock};
        let start = at(8);
        let clock = std::sync::Arc::new(ManualClock::starting_at(start));
        let mut st = TenantState::new(clock.clone());
        super::super::seed::populate(&mut st, super::super::Seed::Empty, clock.now());
        let adele = st.user_by_email(ADELE).map(|u| u.id.clone()).unwrap();
        let ext = person("p@example.com", AttendeeType::Required);
        let (id, _) = st.create_meeting(&adele, draft(vec![ext], None)).unwrap();
        assert_eq!(st.meetings.details[&id].modified, start);
        clock.advance(chrono::TimeDelta::minutes(7));
        st.cancel_meeting(&adele, &id, None).unwrap();
        assert_eq!(
            st.meetings.details[&id].modified,
            start + chrono::TimeDelta::minutes(7)
        );
    }

    #[test]
    fn a_repeated_transaction_id_returns_the_same_event_and_sends_nothing_more() {
        let (mut st, adele) = tenant();
        let ext = person("p@example.com", AttendeeType::Required);
        let (id, new) = st
            .create_meeting(&adele, draft(vec![ext.clone()], Some("t-1")))
            .unwrap();
        assert!(new);
        let (again, new) = st
            .create_meeting(&adele, draft(vec![ext.clone()], Some("t-1")))
            .unwrap();
        assert_eq!((again.as_str(), new), (id.as_str(), false));
        let (other, new) = st
            .create_meeting(&adele, draft(vec![ext], Some("t-2")))
            .unwrap();
        assert!(new && other != id);
        assert_eq!(st.calendar_items(ADELE).len(), 2);
        assert_eq!(st.meetings.notifications.len(), 2);
        // The Teams link is there by default, gone in a tenant without Teams.
        assert!(st.meetings.details[&id].online_meeting.is_some());
        st.meetings.teams_enabled = false;
        let (plain, _) = st.create_meeting(&adele, draft(vec![], None)).unwrap();
        let m = &st.meetings.details[&plain];
        assert_eq!(
            (m.provider, m.online_meeting.is_none()),
            (Provider::Unknown, true)
        );
    }

    #[test]
    fn updates_reach_everyone_but_an_attendee_list_change_only_the_changed() {
        let (mut st, adele) = tenant();
        let a = person("a@example.com", AttendeeType::Required);
        let b = person("b@example.com", AttendeeType::Required);
        let c = person("c@example.com", AttendeeType::Optional);
        let (id, _) = st
            .create_meeting(&adele, draft(vec![a.clone(), b.clone()], Some("t")))
            .unwrap();
        st.meetings.notifications.clear();
        let changes = MeetingChanges {
            attendees: Some(vec![a.clone(), c.clone()]),
            ..MeetingChanges::default()
        };
        st.update_meeting(&adele, &id, changes).unwrap();
        assert_eq!(
            kinds(&st),
            [
                ("c@example.com".into(), NotificationKind::Request),
                ("b@example.com".into(), NotificationKind::Cancellation)
            ]
        );
        st.meetings.notifications.clear();
        let changes = MeetingChanges {
            start: Some((at(12), "UTC".into())),
            end: Some((at(13), "UTC".into())),
            ..MeetingChanges::default()
        };
        st.update_meeting(&adele, &id, changes).unwrap();
        assert_eq!(
            kinds(&st),
            [
                ("a@example.com".into(), NotificationKind::Update),
                ("c@example.com".into(), NotificationKind::Update)
            ]
        );
        assert_eq!(st.calendar_items(ADELE)[0].start, at(12));
        st.meetings.notifications.clear();
        let changes = MeetingChanges {
            categories: Some(vec!["Rally".into()]),
            ..MeetingChanges::default()
        };
        st.update_meeting(&adele, &id, changes).unwrap();
        assert!(st.meetings.notifications.is_empty());
        let bad = MeetingChanges {
            transaction_id: Some("other".into()),
            ..MeetingChanges::default()
        };
        assert!(matches!(
            st.update_meeting(&adele, &id, bad),
            Err(MeetingError::Refused { .. })
        ));
        let backwards = MeetingChanges {
            end: Some((at(11), "UTC".into())),
            ..MeetingChanges::default()
        };
        assert!(matches!(
            st.update_meeting(&adele, &id, backwards),
            Err(MeetingError::Refused {
                code: "ErrorPropertyValidationFailure",
                ..
            })
        ));
    }

    #[test]
    fn only_the_organizer_cancels_and_the_copies_follow() {
        let (mut st, adele) = tenant();
        let (id, _) = st
            .create_meeting(
                &adele,
                draft(vec![person(MEGAN, AttendeeType::Required)], None),
            )
            .unwrap();
        let megan_id = st.user_by_email(MEGAN).unwrap().id.clone();
        let copy_id = st.calendar_items(MEGAN)[0].id.clone();
        assert_eq!(
            st.cancel_meeting(&megan_id, &copy_id, None),
            Err(MeetingError::NotOrganizer)
        );
        assert_eq!(
            st.cancel_meeting(&megan_id, &id, None),
            Err(MeetingError::NotFound)
        );
        st.cancel_meeting(&adele, &id, Some("Sorry")).unwrap();
        let mine = &st.calendar_items(ADELE)[0];
        assert!(mine.is_cancelled && !mine.in_calendar);
        let copy = &st.calendar_items(MEGAN)[0];
        assert!(copy.is_cancelled);
        assert_eq!(copy.subject, "Canceled: Interview");
        let last = st.meetings.notifications.last().unwrap();
        assert_eq!(
            (last.kind, last.comment.as_deref()),
            (NotificationKind::Cancellation, Some("Sorry"))
        );
        // Again: nothing more is sent.
        let sent = st.meetings.notifications.len();
        st.cancel_meeting(&adele, &id, None).unwrap();
        assert_eq!(st.meetings.notifications.len(), sent);
    }

    #[test]
    fn deleting_a_live_meeting_cancels_it_for_the_attendees() {
        let (mut st, adele) = tenant();
        let (id, _) = st
            .create_meeting(
                &adele,
                draft(vec![person("p@example.com", AttendeeType::Required)], None),
            )
            .unwrap();
        st.delete_event(&adele, &id).unwrap();
        assert!(st.calendar_items(ADELE).is_empty());
        assert_eq!(
            kinds(&st).last().unwrap(),
            &("p@example.com".into(), NotificationKind::Cancellation)
        );
        assert_eq!(st.delete_event(&adele, &id), Err(MeetingError::NotFound));
    }
}
