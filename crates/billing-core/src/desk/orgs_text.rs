//! Organization IDs pasted as text: one, or many separated by spaces, line breaks, commas or
//! semicolons (what a spreadsheet column or an e-mail gives).

use crate::ids::OrgId;

/// The pasted IDs, split and sorted into valid (in order, each once) and invalid (as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PastedOrgs {
    /// Valid IDs, first occurrence order, without duplicates.
    pub valid: Vec<OrgId>,
    /// Later copies of an ID already in `valid`.
    pub repeated: Vec<String>,
    /// Pieces that are not organization IDs.
    pub invalid: Vec<String>,
}

/// Splits `text` on whitespace, `,` and `;`, ignoring empty pieces.
pub fn parse_pasted_orgs(text: &str) -> PastedOrgs {
    let mut out = PastedOrgs::default();
    let pieces = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|piece| !piece.is_empty());
    for piece in pieces {
        match OrgId::parse(piece) {
            Ok(org) if out.valid.contains(&org) => out.repeated.push(piece.to_owned()),
            Ok(org) => out.valid.push(org),
            Err(_) => out.invalid.push(piece.to_owned()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_spaces_lines_commas_and_semicolons() {
        let pasted = parse_pasted_orgs(" acme,globex;\n initech\tacme ,, ");
        let ids: Vec<&str> = pasted.valid.iter().map(OrgId::as_str).collect();
        assert_eq!(
            ids,
            ["acme", "globex", "initech"],
            "every separator splits; order kept"
        );
        assert_eq!(
            pasted.repeated,
            ["acme"],
            "the second acme is reported, not saved twice"
        );
        assert!(
            pasted.invalid.is_empty(),
            "empty pieces between separators are not IDs"
        );
    }

    #[test]
    fn invalid_pieces_are_kept_as_typed() {
        let pasted = parse_pasted_orgs("acme .. ok");
        assert_eq!(pasted.invalid, [".."], "`..` is refused by OrgId::parse");
        assert_eq!(pasted.valid.len(), 2);
    }
}
