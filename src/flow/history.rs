//! The pages a person has visited, for the browser's Back and Forward
//! buttons. Plain Rust: the journey keeps one, and its browser history
//! entries hold only the patient and page numbers that index into it.

use super::route::Step;

/// The pages visited by the patient now on the page, and where they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// Counts the patients seen on this page (clinic mode); an entry of an
    /// earlier patient is ignored.
    patient: u32,
    visited: Vec<Step>,
    position: usize,
    /// Pages pushed that the browser's history has not been given yet: the
    /// journey writes them once the new page is drawn.
    unwritten: usize,
}

impl History {
    /// A history holding only `first`.
    pub fn new(first: Step) -> Self {
        History {
            patient: 0,
            visited: vec![first],
            position: 0,
            unwritten: 0,
        }
    }

    /// The page showing now.
    pub fn current(&self) -> Step {
        self.visited[self.position]
    }

    /// The patient and page number for the browser's history entry.
    pub fn entry(&self) -> (u32, usize) {
        (self.patient, self.position)
    }

    /// Whether the person has gone on from the first page.
    pub fn has_moved(&self) -> bool {
        self.position > 0
    }

    /// Goes on to `step`; pages ahead of this one (after Back) are dropped.
    pub fn push(&mut self, step: Step) {
        self.visited.truncate(self.position + 1);
        self.visited.push(step);
        self.position += 1;
        self.unwritten += 1;
    }

    /// The patient and the page numbers pushed since this was last asked,
    /// oldest first, for the browser's history; they count as written now.
    pub fn take_unwritten(&mut self) -> (u32, std::ops::Range<usize>) {
        let end = self.position + 1;
        (self.patient, end - std::mem::take(&mut self.unwritten)..end)
    }

    /// The browser moved to the entry `(patient, index)`. Back may go to any
    /// page visited; Forward goes only as far as each page still leads to
    /// the next (`leads_to`) with the answers as they are now, so a page
    /// that a changed answer no longer reaches (results after a questionnaire
    /// now longer) is not shown. Returns the page to show, or `None` for an
    /// entry that is not this patient's.
    pub fn restore(
        &mut self,
        (patient, index): (u32, usize),
        leads_to: impl Fn(Step, Step) -> bool,
    ) -> Option<Step> {
        // The browser moved from the last entry it was given: pages pushed
        // since, never written, are not in its history.
        self.unwritten = 0;
        if patient != self.patient || index >= self.visited.len() {
            return None;
        }
        while self.position > index {
            self.position -= 1;
        }
        while self.position < index
            && leads_to(self.visited[self.position], self.visited[self.position + 1])
        {
            self.position += 1;
        }
        Some(self.current())
    }

    /// Clinic mode: the next patient starts at "Screen a patient"; the last
    /// patient's entries stop working.
    pub fn next_patient(&mut self) {
        self.patient += 1;
        self.visited = vec![Step::NextPatient];
        self.position = 0;
        self.unwritten = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visited(pages: &[Step]) -> History {
        let mut history = History::new(pages[0]);
        pages[1..].iter().for_each(|p| history.push(*p));
        history
    }

    #[test]
    fn back_goes_to_any_page_visited_and_a_new_page_drops_those_ahead() {
        let mut history = visited(&[Step::Start, Step::DateOfBirth, Step::GpPractice]);
        assert_eq!(history.restore((0, 0), |_, _| true), Some(Step::Start));
        history.push(Step::Conditions);
        assert_eq!(history.entry(), (0, 1));
        assert_eq!(
            history.restore((0, 2), |_, _| true),
            None,
            "GpPractice was dropped"
        );
        assert_eq!(history.current(), Step::Conditions);
    }

    #[test]
    fn forward_stops_at_the_first_page_the_answers_no_longer_lead_to() {
        let mut history = visited(&[Step::Start, Step::DateOfBirth, Step::GpPractice]);
        history.restore((0, 0), |_, _| true);
        let shown = history.restore((0, 2), |from, _| from != Step::DateOfBirth);
        assert_eq!(shown, Some(Step::DateOfBirth));
        assert_eq!(history.entry(), (0, 1));
    }

    #[test]
    fn pages_pushed_are_written_once_and_not_after_the_browser_moves() {
        let mut history = visited(&[Step::Start]);
        history.push(Step::DateOfBirth);
        history.push(Step::GpPractice);
        assert_eq!(history.take_unwritten(), (0, 1..3));
        assert!(history.take_unwritten().1.is_empty(), "written already");
        history.push(Step::Conditions);
        history.restore((0, 1), |_, _| true);
        assert!(
            history.take_unwritten().1.is_empty(),
            "the browser went back first"
        );
        history.push(Step::Conditions);
        history.next_patient();
        assert!(
            history.take_unwritten().1.is_empty(),
            "the last patient's pages"
        );
    }

    #[test]
    fn an_earlier_patients_entries_are_ignored() {
        let mut history = visited(&[Step::NextPatient, Step::Conditions]);
        history.next_patient();
        assert_eq!(history.restore((0, 1), |_, _| true), None);
        assert_eq!(history.current(), Step::NextPatient);
        assert!(!history.has_moved());
    }
}
