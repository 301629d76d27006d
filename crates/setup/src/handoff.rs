//! The hand-off: when the person connecting the product is not the HiBob admin, the steps the admin
//! follows in HiBob and the profile's checklist, as one Markdown file to send them. It is built
//! from the guide and the checklist alone, so no credential can reach it.

use std::fmt::Write;

use crate::guide::{CalloutKind, Guide, StepId};
use crate::profile::ProfileChecklist;

/// The steps that happen in HiBob, in the guide's order; the checklist goes with Permissions.
const STEPS_IN_HIBOB: [StepId; 4] = [
    StepId::ServiceUser,
    StepId::PermissionGroup,
    StepId::WhoseData,
    StepId::Permissions,
];

pub fn admin_handoff(guide: &Guide, checklist: &ProfileChecklist, app_version: &str) -> String {
    let mut out = String::new();
    let product = &checklist.profile.name;
    // Writing to a String cannot fail.
    let _ = write_handoff(&mut out, guide, checklist, product, app_version);
    out
}

fn write_handoff(
    out: &mut String,
    guide: &Guide,
    checklist: &ProfileChecklist,
    product: &str,
    app_version: &str,
) -> std::fmt::Result {
    writeln!(out, "# Connecting {product} to HiBob: what to set up\n")?;
    writeln!(
        out,
        "Prepared with HiBob Setup {app_version} for a HiBob admin. It holds no token or password: the \
         service user's token is created in HiBob in step 1 and goes only to whoever connects {product}.\n"
    )?;
    let steps = guide
        .steps
        .iter()
        .filter(|step| STEPS_IN_HIBOB.contains(&step.id));
    for (n, step) in steps.enumerate() {
        writeln!(out, "## {}. {}\n", n + 1, step.title)?;
        writeln!(out, "{}\n", step.summary)?;
        for (i, instruction) in step.instructions.iter().enumerate() {
            writeln!(out, "{}. {instruction}", i + 1)?;
        }
        writeln!(out)?;
        for callout in &step.callouts {
            let kind = match callout.kind {
                CalloutKind::Info => "Note",
                CalloutKind::Warning => "Warning",
                CalloutKind::Pitfall => "Common mistake",
            };
            writeln!(out, "> **{kind}:** {}\n", callout.text)?;
        }
        match step.id {
            StepId::WhoseData => {
                let statuses: Vec<&str> = checklist
                    .statuses
                    .iter()
                    .map(|s| s.label.as_str())
                    .collect();
                writeln!(
                    out,
                    "**{product} needs these Lifecycle statuses:** {}.\n",
                    statuses.join(", ")
                )?;
            }
            StepId::Permissions => write_checklist(out, checklist)?,
            _ => {}
        }
    }
    writeln!(out, "## When it is done\n")?;
    writeln!(
        out,
        "Send the service user's ID (it looks like SERVICE-1234) and its token to whoever connects {product}, \
         through a channel meant for secrets rather than this file. They can then check every permission above \
         live with HiBob Setup's Test connection."
    )
}

fn write_checklist(out: &mut String, checklist: &ProfileChecklist) -> std::fmt::Result {
    for group in &checklist.groups {
        writeln!(out, "### {} › {}\n", group.tab, group.area)?;
        for item in &group.items {
            write!(
                out,
                "- [ ] `{}` ({}): {}",
                item.label, item.section, item.why
            )?;
            if !item.other_wordings.is_empty() {
                let others: Vec<String> = item
                    .other_wordings
                    .iter()
                    .map(|w| format!("“{w}”"))
                    .collect();
                write!(out, " Also printed as {}.", others.join(", "))?;
            }
            writeln!(out)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::profile::Profile;

    #[test]
    fn the_admin_gets_every_step_label_and_status_and_nothing_else() {
        let catalog = Catalog::builtin().unwrap();
        let checklist = Profile::builtin("hr-core", &catalog)
            .unwrap()
            .checklist(&catalog, None);
        let guide = Guide::builtin().unwrap();
        let text = admin_handoff(&guide, &checklist, "0.1.0");

        for step in guide
            .steps
            .iter()
            .filter(|s| STEPS_IN_HIBOB.contains(&s.id))
        {
            assert!(text.contains(&step.title), "{}", step.title);
        }
        // Nothing of the steps that happen in the app.
        for step in guide
            .steps
            .iter()
            .filter(|s| !STEPS_IN_HIBOB.contains(&s.id))
        {
            assert!(
                !text.contains(&format!(". {}\n", step.title)),
                "{}",
                step.title
            );
        }
        for item in checklist.groups.iter().flat_map(|g| &g.items) {
            assert!(
                text.contains(&format!("- [ ] `{}`", item.label)),
                "{}",
                item.label
            );
        }
        assert!(
            text.contains("Lifecycle statuses:** Hired, Employed, Terminated"),
            "{text}"
        );
        assert!(text.contains("Also printed as “"));
    }
}
