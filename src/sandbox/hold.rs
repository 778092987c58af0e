//! A barrier for concurrency tests: a request hit by the Hold fault waits here (a Graph request
//! while it holds its mailbox slot) until the harness releases it, so a test sets up "four
//! requests in flight" exactly instead of racing requests against a delay.

use tokio::sync::watch;

#[derive(Debug, Clone, Copy, Default)]
struct Holds {
    /// Requests waiting right now.
    waiting: usize,
    /// How many times the harness released everyone waiting.
    releases: u64,
}

pub(super) struct HoldGate {
    state: watch::Sender<Holds>,
}

impl HoldGate {
    pub(super) fn new() -> HoldGate {
        HoldGate {
            state: watch::Sender::new(Holds::default()),
        }
    }

    /// Waits for the next [`HoldGate::release`]. The request counts as held meanwhile, and
    /// stops counting when it is released or its client hangs up (the future is dropped).
    pub(super) async fn hold(&self) {
        let mut changes = self.state.subscribe();
        let mut generation = 0;
        self.state.send_modify(|h| {
            h.waiting += 1;
            generation = h.releases;
        });
        let _counted = Counted(&self.state);
        // Err only if the sender is gone, i.e. the sandbox itself is being dropped.
        let _ = changes.wait_for(|h| h.releases != generation).await;
    }

    /// Lets every request waiting now go on.
    pub(super) fn release(&self) {
        self.state.send_modify(|h| h.releases += 1);
    }

    pub(super) fn waiting(&self) -> usize {
        self.state.borrow().waiting
    }

    /// Returns once at least `n` requests are waiting.
    pub(super) async fn until_waiting(&self, n: usize) {
        let mut changes = self.state.subscribe();
        let _ = changes.wait_for(|h| h.waiting >= n).await;
    }
}

/// Uncounts a held request however its wait ends.
struct Counted<'a>(&'a watch::Sender<Holds>);

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0
            .send_modify(|h| h.waiting = h.waiting.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn held_requests_wait_for_the_release_and_are_counted_meanwhile() {
        let gate = Arc::new(HoldGate::new());
        let tasks: Vec<_> = (0..3)
            .map(|_| {
                let gate = gate.clone();
                tokio::spawn(async move { gate.hold().await })
            })
            .collect();
        gate.until_waiting(3).await;
        assert_eq!(gate.waiting(), 3);
        assert!(tasks.iter().all(|t| !t.is_finished()));
        gate.release();
        for t in tasks {
            tokio::time::timeout(Duration::from_secs(10), t)
                .await
                .expect("released")
                .unwrap();
        }
        assert_eq!(gate.waiting(), 0);
    }

    #[tokio::test]
    async fn a_request_arriving_after_a_release_waits_for_the_next_one() {
        let gate = Arc::new(HoldGate::new());
        gate.release();
        let late = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.hold().await })
        };
        gate.until_waiting(1).await;
        assert!(!late.is_finished());
        gate.release();
        tokio::time::timeout(Duration::from_secs(10), late)
            .await
            .expect("released")
            .unwrap();
    }

    #[tokio::test]
    async fn a_client_that_hangs_up_is_no_longer_counted() {
        let gate = Arc::new(HoldGate::new());
        let waiting = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.hold().await })
        };
        gate.until_waiting(1).await;
        waiting.abort();
        let _ = waiting.await;
        assert_eq!(gate.waiting(), 0);
    }
}
