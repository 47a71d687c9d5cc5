//! A small command-line parser: `--name value`, `--name=value` and
//! `--switch`, nothing else, with errors that say what was expected.

use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Flags {
    values: BTreeMap<String, Vec<String>>,
    switches: Vec<String>,
    pub positional: Vec<String>,
}

impl Flags {
    /// Parses `args`; `with_value` and `switches` list the accepted names
    /// (without dashes).
    pub fn parse(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<Self, String> {
        let mut flags = Flags::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let Some(name) = arg.strip_prefix("--") else {
                flags.positional.push(arg.clone());
                continue;
            };
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (name, None),
            };
            if switches.contains(&name) && inline.is_none() {
                flags.switches.push(name.to_owned());
            } else if with_value.contains(&name) {
                let value = match inline {
                    Some(v) => v,
                    None => iter
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("--{name} needs a value"))?,
                };
                flags.values.entry(name.to_owned()).or_default().push(value);
            } else {
                return Err(format!("unknown option --{name}"));
            }
        }
        Ok(flags)
    }

    pub fn has(&self, switch: &str) -> bool {
        self.switches.iter().any(|s| s == switch)
    }

    /// The value of a flag given at most once.
    pub fn one(&self, name: &str) -> Result<Option<&str>, String> {
        match self.values.get(name).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([single]) => Ok(Some(single)),
            Some(_) => Err(format!("--{name} may be given only once")),
        }
    }

    pub fn all(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn parses_values_switches_and_repeats() {
        let f = Flags::parse(
            &args(&["--spec", "a.yml", "--spec=b.yml", "--check", "x"]),
            &["spec"],
            &["check"],
        )
        .unwrap();
        assert_eq!(f.all("spec"), ["a.yml", "b.yml"]);
        assert!(f.has("check"));
        assert_eq!(f.positional, ["x"]);
        assert!(f.one("spec").is_err());
    }

    #[test]
    fn rejects_unknown_and_missing_values() {
        assert!(Flags::parse(&args(&["--nope"]), &[], &[]).is_err());
        assert!(Flags::parse(&args(&["--spec"]), &["spec"], &[]).is_err());
    }
}
