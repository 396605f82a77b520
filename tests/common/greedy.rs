//! A prompter for `hierc init` that takes everything: the given
//! aggregation, every option of every multiple choice, the default of every
//! menu, yes to every question. What it makes must compile.

use hierc::scaffold::prompt::{Choice, Prompter, Question, Stop};

pub struct Greedy {
    pub aggregation: String,
    /// Questions asked, for failure messages.
    pub asked: Vec<String>,
}

impl Greedy {
    pub fn new(aggregation: &str) -> Self {
        Greedy {
            aggregation: aggregation.to_string(),
            asked: Vec::new(),
        }
    }
}

impl Prompter for Greedy {
    fn say(&mut self, _text: &str) {}

    fn select(&mut self, q: Question, options: &[Choice], default: usize) -> Result<usize, Stop> {
        self.asked.push(q.message.to_string());
        if q.message.contains("aggregation") {
            let i = options
                .iter()
                .position(|o| o.key.eq_ignore_ascii_case(&self.aggregation))
                .or_else(|| options.iter().position(|o| o.key == "name"));
            return Ok(i.expect("step A offers the object or a typed name"));
        }
        Ok(default)
    }

    fn multi_select(
        &mut self,
        q: Question,
        options: &[Choice],
        _defaults: &[usize],
    ) -> Result<Vec<usize>, Stop> {
        self.asked.push(q.message.to_string());
        Ok((0..options.len()).collect())
    }

    fn confirm(&mut self, q: Question, _default: bool) -> Result<bool, Stop> {
        self.asked.push(q.message.to_string());
        Ok(true)
    }

    fn text(&mut self, q: Question, _suggestions: &[String]) -> Result<String, Stop> {
        self.asked.push(q.message.to_string());
        Ok(self.aggregation.clone())
    }
}
