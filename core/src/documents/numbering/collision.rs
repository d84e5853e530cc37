//! Whether two numbering patterns can ever render the same number: the intersection of the two
//! sets of strings each pattern can produce, searched on a small automaton of each.
//!
//! Each pattern is read as a regular language over characters: a literal is itself; `{YYYY}`,
//! `{YY}` and `{MM}` are 4 or 2 digits; `{SEQ:n}` is exactly `n` digits (the sequence
//! zero-padded) or a non-zero digit followed by `n` digits or more (a sequence that outgrew its
//! padding). Two patterns collide when some string belongs to both; a breadth-first search over
//! pairs of automaton states finds the shortest such string, printed as an example.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::pattern::{Pattern, Token};

/// A set of characters one transition accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// This character.
    Char(char),
    /// Any ASCII digit.
    Digit,
    /// A digit other than 0.
    NonZero,
}

/// An example character both classes accept, if any.
fn meet(a: Class, b: Class) -> Option<char> {
    let in_class = |c: char, k: Class| match k {
        Class::Char(x) => c == x,
        Class::Digit => c.is_ascii_digit(),
        Class::NonZero => matches!(c, '1'..='9'),
    };
    match (a, b) {
        (Class::Char(c), k) | (k, Class::Char(c)) => in_class(c, k).then_some(c),
        _ => Some('1'),
    }
}

/// A nondeterministic automaton: state 0 starts, `accept` ends; `edges[s]` are the transitions
/// on a character, `empty[s]` those without one.
#[derive(Debug, Default)]
struct Automaton {
    edges: Vec<Vec<(Class, usize)>>,
    empty: Vec<Vec<usize>>,
    accept: usize,
}

impl Automaton {
    fn state(&mut self) -> usize {
        self.edges.push(vec![]);
        self.empty.push(vec![]);
        self.edges.len().saturating_sub(1)
    }

    /// Appends `n` transitions of `class` after `from`; returns the last state.
    fn chain(&mut self, mut from: usize, class: Class, n: usize) -> usize {
        for _ in 0..n {
            let to = self.state();
            self.edges[from].push((class, to));
            from = to;
        }
        from
    }

    fn of(pattern: &Pattern) -> Automaton {
        let mut a = Automaton::default();
        let mut at = a.state();
        let fixed = |a: &mut Automaton, at: usize, t: &Token| match t {
            Token::Literal(s) => s.chars().fold(at, |at, c| a.chain(at, Class::Char(c), 1)),
            Token::Year4 => a.chain(at, Class::Digit, 4),
            Token::Year2 | Token::Month => a.chain(at, Class::Digit, 2),
            Token::Seq(w) => a.chain(at, Class::Digit, *w),
        };
        for t in &pattern.before {
            at = fixed(&mut a, at, t);
        }
        // the sequence: n padded digits, or a non-zero digit, n digits, then any more
        let w = pattern.seq_width;
        let padded = a.chain(at, Class::Digit, w);
        let grown = a.chain(at, Class::NonZero, 1);
        let grown = a.chain(grown, Class::Digit, w);
        a.edges[grown].push((Class::Digit, grown));
        let join = a.state();
        a.empty[padded].push(join);
        a.empty[grown].push(join);
        at = join;
        for t in &pattern.after {
            at = fixed(&mut a, at, t);
        }
        a.accept = at;
        a
    }

    /// The states reachable from `s` without reading a character.
    fn closure(&self, s: usize) -> Vec<usize> {
        let mut seen = BTreeSet::from([s]);
        let mut todo = vec![s];
        while let Some(x) = todo.pop() {
            for &y in self.empty.get(x).into_iter().flatten() {
                if seen.insert(y) {
                    todo.push(y);
                }
            }
        }
        seen.into_iter().collect()
    }
}

/// A pair of states, one of each automaton.
type Pair = (usize, usize);

/// The shortest number both patterns can render, if any.
pub(super) fn common_number(a: &Pattern, b: &Pattern) -> Option<String> {
    let (x, y) = (Automaton::of(a), Automaton::of(b));
    // how each pair was first reached: from which pair, reading which character
    let mut previous: BTreeMap<Pair, Option<(Pair, char)>> = BTreeMap::new();
    let mut queue = VecDeque::new();
    for p in x.closure(0) {
        for q in y.closure(0) {
            previous.insert((p, q), None);
            queue.push_back((p, q));
        }
    }
    while let Some((p, q)) = queue.pop_front() {
        if p == x.accept && q == y.accept {
            let mut out = Vec::new();
            let mut at = (p, q);
            while let Some(Some((from, c))) = previous.get(&at) {
                out.push(*c);
                at = *from;
            }
            return Some(out.into_iter().rev().collect());
        }
        for &(cx, px) in &x.edges[p] {
            for &(cy, qy) in &y.edges[q] {
                let Some(c) = meet(cx, cy) else { continue };
                for p2 in x.closure(px) {
                    for q2 in y.closure(qy) {
                        if let std::collections::btree_map::Entry::Vacant(e) = previous.entry((p2, q2)) {
                            e.insert(Some(((p, q), c)));
                            queue.push_back((p2, q2));
                        }
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(a: &str, b: &str) -> Option<String> {
        common_number(&Pattern::parse(a).unwrap(), &Pattern::parse(b).unwrap())
    }

    #[test]
    fn patterns_that_can_render_the_same_number() {
        assert_eq!(common("F-{YYYY}-{SEQ:5}", "F-{YYYY}-{SEQ:5}").as_deref(), Some("F-1111-11111"));
        // SEQ:4 outgrows its padding at 10000, which SEQ:5 renders too
        assert!(common("F-{SEQ:4}", "F-{SEQ:5}").is_some());
        // "F0" + "01" is "F" + "001"
        assert_eq!(common("F{SEQ:3}", "F0{SEQ:2}").as_deref(), Some("F011"));
        // a year is 4 digits: F-{YYYY}{SEQ:2} renders F-202601 as F-{SEQ:6} does
        assert!(common("F-{YYYY}{SEQ:2}", "F-{SEQ:6}").is_some());
        assert!(common("{SEQ}", "{YY}{SEQ}").is_some());
    }

    #[test]
    fn patterns_that_never_meet() {
        assert_eq!(common("F-{YYYY}-{SEQ:5}", "AV-{YYYY}-{SEQ:5}"), None);
        assert_eq!(common("F-{SEQ}", "F-{YYYY}-{SEQ}"), None, "a sequence holds no dash");
        assert_eq!(common("F{SEQ:3}", "F{SEQ:3}A"), None);
        assert_eq!(common("F-{SEQ:2}", "F-0{SEQ:2}"), None, "3 digits from SEQ:2 never start with 0");
    }
}
