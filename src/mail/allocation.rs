//! Which slots each participant of a bulk invitation is offered.
//!
//! Without `--per-slot`, everyone is offered the same first K free slots. With `--per-slot N`,
//! no slot is offered to more than N participants of the run, and the offers are spread: the
//! participants, in file order, take the next K slots that still have room, going round the
//! slots in order from where the previous participant stopped (round-robin). So with 6 slots,
//! K = 2 and N = 1, the first participant gets slots 1–2, the second 3–4, the third 5–6 and the
//! fourth none; with N = 2 the fourth gets 1–2 again. Slots fill evenly (their offer counts
//! never differ by more than one), and every place is used before anyone goes without.
//!
//! A participant left with fewer than K slots gets what is left; one left with none gets an
//! empty list, and the caller reports them as skipped ("no free slot left under --per-slot").
//! The result depends only on the counts (the same inputs give the same offers), and each list
//! is in slot order without repeats.
//!
//! A run resumed after a crash keeps the offers its journal recorded and allocates the rest
//! around them ([`allocate_with_prior`]), so the cap holds over the whole run.
//!
//! Cost: O(P · K · log S) for P participants and S slots.

use std::collections::BTreeSet;

/// For each participant (in order), the indices of the slots offered, ascending.
/// `per_slot: None` means no cap; `Some(0)` or `per_participant == 0` offers nothing.
pub fn allocate(
    slot_count: usize,
    participant_count: usize,
    per_participant: usize,
    per_slot: Option<usize>,
) -> Vec<Vec<usize>> {
    allocate_with_prior(
        slot_count,
        &vec![None; participant_count],
        per_participant,
        per_slot,
    )
}

/// [`allocate`] for a run that resumes after a crash: `prior[i]` is `Some(slots)` for a
/// participant an earlier attempt already offered slots to (as indices into today's slot list;
/// slots no longer free are left out), `None` for one still to allocate. Prior offers are
/// returned as they are (sorted, without repeats or out-of-range indices) and count against
/// the cap; the others are allocated round-robin in the room that is left.
pub fn allocate_with_prior(
    slot_count: usize,
    prior: &[Option<Vec<usize>>],
    per_participant: usize,
    per_slot: Option<usize>,
) -> Vec<Vec<usize>> {
    let cleaned = |offer: &Vec<usize>| {
        let mut offer: Vec<usize> = offer.iter().copied().filter(|&i| i < slot_count).collect();
        offer.sort_unstable();
        offer.dedup();
        offer
    };
    let Some(cap) = per_slot else {
        let first: Vec<usize> = (0..per_participant.min(slot_count)).collect();
        return prior
            .iter()
            .map(|p| p.as_ref().map_or_else(|| first.clone(), cleaned))
            .collect();
    };
    let mut room = vec![cap; slot_count];
    for offer in prior.iter().flatten() {
        for i in cleaned(offer) {
            room[i] = room[i].saturating_sub(1);
        }
    }
    let mut open: BTreeSet<usize> = (0..slot_count).filter(|&i| room[i] > 0).collect();
    let mut cursor = 0usize;
    let mut offers = Vec::with_capacity(prior.len());
    for prior_offer in prior {
        if let Some(offer) = prior_offer {
            offers.push(cleaned(offer));
            continue;
        }
        let picks: Vec<usize> = open
            .range(cursor..)
            .chain(open.range(..cursor))
            .take(per_participant)
            .copied()
            .collect();
        for &slot in &picks {
            room[slot] -= 1;
            if room[slot] == 0 {
                open.remove(&slot);
            }
        }
        if let Some(&last) = picks.last() {
            cursor = last + 1;
        }
        let mut sorted = picks;
        sorted.sort_unstable();
        offers.push(sorted);
    }
    offers
}

/// [`allocate`] applied to the slots themselves.
pub fn allocate_slots<T: Clone>(
    slots: &[T],
    participant_count: usize,
    per_participant: usize,
    per_slot: Option<usize>,
) -> Vec<Vec<T>> {
    allocate(slots.len(), participant_count, per_participant, per_slot)
        .into_iter()
        .map(|offer| offer.into_iter().map(|i| slots[i].clone()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn one_per_slot_gives_disjoint_offers_until_the_slots_run_out() {
        assert_eq!(
            allocate(6, 4, 2, Some(1)),
            vec![vec![0, 1], vec![2, 3], vec![4, 5], vec![]]
        );
    }

    #[test]
    fn a_cap_above_one_goes_round_the_slots_again() {
        assert_eq!(
            allocate(5, 4, 2, Some(2)),
            vec![vec![0, 1], vec![2, 3], vec![0, 4], vec![1, 2]]
        );
    }

    #[test]
    fn the_last_participants_get_what_is_left() {
        assert_eq!(
            allocate(3, 3, 2, Some(1)),
            vec![vec![0, 1], vec![2], vec![]]
        );
    }

    #[test]
    fn without_a_cap_everyone_gets_the_first_slots() {
        assert_eq!(allocate(5, 3, 2, None), vec![vec![0, 1]; 3]);
        assert_eq!(allocate(1, 2, 5, None), vec![vec![0]; 2]);
    }

    #[test]
    fn nothing_to_offer_gives_empty_lists() {
        assert_eq!(allocate(0, 2, 3, Some(1)), vec![Vec::<usize>::new(); 2]);
        assert_eq!(allocate(4, 2, 0, Some(1)), vec![Vec::<usize>::new(); 2]);
        assert_eq!(allocate(4, 2, 2, Some(0)), vec![Vec::<usize>::new(); 2]);
        assert!(allocate(4, 0, 2, Some(1)).is_empty());
    }

    #[test]
    fn allocate_slots_maps_indices_to_slots() {
        let slots = ["mon", "tue", "wed"];
        assert_eq!(
            allocate_slots(&slots, 2, 2, Some(1)),
            vec![vec!["mon", "tue"], vec!["wed"]]
        );
    }

    #[test]
    fn a_resumed_run_keeps_prior_offers_and_allocates_around_them() {
        // Participants 0 and 2 were offered slots before the crash; 1 and 3 were not.
        let prior = vec![Some(vec![1, 0]), None, Some(vec![2, 9]), None];
        assert_eq!(
            allocate_with_prior(5, &prior, 2, Some(1)),
            vec![vec![0, 1], vec![3, 4], vec![2], vec![]]
        );
        assert_eq!(
            allocate_with_prior(5, &prior, 2, None),
            vec![vec![0, 1], vec![0, 1], vec![2], vec![0, 1]]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn the_cap_holds_over_prior_and_new_offers(
            slots in 1usize..30,
            k in 1usize..6,
            cap in 1usize..4,
            resumed_after in 0usize..40,
            participants in 0usize..40,
        ) {
            // A first attempt allocated everyone, then stopped after `resumed_after`; the
            // slots are the same today.
            let first = allocate(slots, participants, k, Some(cap));
            let prior: Vec<Option<Vec<usize>>> = first
                .iter()
                .enumerate()
                .map(|(i, o)| (i < resumed_after).then(|| o.clone()))
                .collect();
            let offers = allocate_with_prior(slots, &prior, k, Some(cap));
            let mut count = vec![0usize; slots];
            for (i, offer) in offers.iter().enumerate() {
                prop_assert!(offer.len() <= k);
                prop_assert!(offer.windows(2).all(|w| w[0] < w[1]));
                if i < resumed_after {
                    prop_assert_eq!(offer, &first[i]);
                }
                for &s in offer {
                    count[s] += 1;
                }
            }
            prop_assert!(count.iter().all(|&c| c <= cap), "{:?}", count);
        }

        #[test]
        fn offers_respect_both_limits_and_never_repeat_a_slot(
            slots in 0usize..40,
            participants in 0usize..60,
            k in 0usize..8,
            cap in 0usize..6,
        ) {
            let offers = allocate(slots, participants, k, Some(cap));
            prop_assert_eq!(offers.len(), participants);
            let mut count = vec![0usize; slots];
            for offer in &offers {
                prop_assert!(offer.len() <= k);
                // Ascending and strictly so: no slot twice for one participant.
                prop_assert!(offer.windows(2).all(|w| w[0] < w[1]), "{:?}", offer);
                for &slot in offer {
                    prop_assert!(slot < slots);
                    count[slot] += 1;
                }
            }
            prop_assert!(count.iter().all(|&c| c <= cap), "{:?}", count);
            // Spread evenly, and every place used before anyone goes short.
            if let (Some(max), Some(min)) = (count.iter().max(), count.iter().min()) {
                prop_assert!(max - min <= 1, "{:?}", count);
            }
            let total: usize = count.iter().sum();
            prop_assert_eq!(total, (participants * k.min(slots)).min(slots * cap));
        }

        #[test]
        fn the_same_inputs_give_the_same_offers(
            slots in 0usize..40,
            participants in 0usize..60,
            k in 0usize..8,
            cap in proptest::option::of(0usize..6),
        ) {
            prop_assert_eq!(
                allocate(slots, participants, k, cap),
                allocate(slots, participants, k, cap)
            );
        }

        #[test]
        fn when_there_is_room_for_all_everyone_gets_k(
            slots in 1usize..40,
            participants in 0usize..60,
            k in 1usize..8,
            spare in 0usize..3,
        ) {
            // The smallest cap with room for everyone, and a little more.
            let needed = (participants * k.min(slots)).div_ceil(slots).max(1);
            let cap = needed + spare;
            for offer in allocate(slots, participants, k, Some(cap)) {
                prop_assert_eq!(offer.len(), k.min(slots));
            }
        }
    }

    #[test]
    fn ten_thousand_participants_over_five_thousand_slots_is_quick() {
        let started = std::time::Instant::now();
        let offers = allocate(5_000, 10_000, 5, Some(3));
        assert_eq!(offers.iter().map(Vec::len).sum::<usize>(), 15_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
