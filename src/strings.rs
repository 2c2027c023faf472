//! Strings kept end to end in one buffer: many short strings (project names) held for a while
//! as two allocations instead of one each.

#[derive(Debug, Clone, Default)]
pub struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string pushed `i`-th.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub fn last(&self) -> Option<&str> {
        self.len().checked_sub(1).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::Strings;

    #[test]
    fn each_string_comes_back_as_pushed() {
        let mut s = Strings::default();
        assert_eq!(s.last(), None);
        for name in ["社区相关工作经费", "", "人大相关工作经费"] {
            s.push(name);
        }
        assert_eq!(s.len(), 3);
        assert_eq!(s.get(0), "社区相关工作经费");
        assert_eq!(s.get(1), "");
        assert_eq!(s.last(), Some("人大相关工作经费"));
    }
}
