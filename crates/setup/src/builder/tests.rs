use super::*;

fn field(id: &str, name: &str, category: &str, category_name: &str, field_type: &str) -> FieldMeta {
    FieldMeta {
        id: id.into(),
        name: name.into(),
        category_id: category.into(),
        category_display_name: category_name.into(),
        description: None,
        json_path: id.into(),
        field_type: field_type.into(),
        type_data: None,
        historical: false,
    }
}

/// A small company: built-in sections, HiBob's birth-date rule, and a section of its own.
fn company() -> Vec<FieldMeta> {
    vec![
        field("root.id", "Employee ID", "root", "Basic info", "text"),
        field("root.email", "Email", "root", "Basic info", "text"),
        field(
            "root.displayName",
            "Display name",
            "root",
            "Basic info",
            "text",
        ),
        field("work.title", "Job title", "work", "Work", "list"),
        field("work.department", "Department", "work", "Work", "list"),
        field(
            "work.reportsTo",
            "Reports to",
            "work",
            "Work",
            "employee-reference",
        ),
        field("work.startDate", "Start date", "work", "Work", "date"),
        field(
            "personal.birthDate",
            "Date of birth",
            "personal",
            "Personal",
            "date",
        ),
        field(
            "payroll.employment.salary",
            "Base salary",
            "payroll",
            "Payroll",
            "currency",
        ),
        field(
            "category_1720508362305.field_1720508384123",
            "Bike scheme",
            "category_1720508362305",
            "Benefits",
            "text",
        ),
    ]
}

fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

fn draft(reads: &[&str]) -> ProfileDraft {
    ProfileDraft {
        name: "Acme Gifts".into(),
        reads: reads.iter().map(|s| s.to_string()).collect(),
        ..ProfileDraft::default()
    }
}

fn permissions(profile: &Profile) -> Vec<&str> {
    profile.permissions.iter().map(|p| p.id.as_str()).collect()
}

#[test]
fn each_category_read_gives_its_section_permission_once() {
    let (profile, built) = draft(&["root.email", "work.title", "work.department"])
        .build(&company(), &catalog(), false)
        .unwrap();
    assert_eq!(profile.id, "acme-gifts");
    assert_eq!(
        permissions(&profile),
        [
            "people.root.view",
            "people.work.view",
            "access.lifecycle.employed",
            "access.lifecycle.garden_leave",
            "access.lifecycle.leave",
            "access.lifecycle.parental_leave",
        ]
    );
    let why = &profile.permissions[1].why;
    assert!(
        why.contains("Job title") && why.contains("Department"),
        "{why}"
    );
    // The employee ID is always read: every record is keyed by it.
    assert!(profile
        .mapping
        .iter()
        .any(|m| m.source == "root.id" && m.required));
    assert!(built.toml.contains("people.work.view"));
    assert!(built.field_fixes.is_empty());
}

#[test]
fn leavers_add_the_inactive_statuses_and_the_lifecycle_section() {
    let mut wanted = draft(&["work.title"]);
    wanted.include_inactive = true;
    let (profile, built) = wanted.build(&company(), &catalog(), false).unwrap();
    let ids = permissions(&profile);
    for id in [
        "people.lifecycle.view",
        "access.lifecycle.hired",
        "access.lifecycle.terminated",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert_eq!(built.checklist.statuses.len(), 6);
}

#[test]
fn writes_tables_and_hibob_single_field_rules_are_derived() {
    let mut wanted = draft(&["personal.birthDate", "payroll.employment.salary"]);
    wanted.writes = vec!["work.title".into()];
    wanted.tables = vec![HistoryTable::Salaries];
    let (profile, _) = wanted.build(&company(), &catalog(), false).unwrap();
    let ids = permissions(&profile);
    for id in [
        "people.personal.view",
        // The full birth date is only shared with Edit as well (a catalog rule by field).
        "people.personal.edit",
        "people.payroll.view",
        "people.work.view",
        "people.work.edit",
        "people.payroll.history",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let salary = profile
        .mapping
        .iter()
        .find(|m| m.source == "payroll.employment.salary")
        .unwrap();
    assert!(salary.sensitive);
    let title = profile
        .mapping
        .iter()
        .find(|m| m.source == "work.title")
        .unwrap();
    assert_eq!(title.kind, MappingKind::List);
}

#[test]
fn a_section_the_company_added_gets_its_own_checkbox_and_check() {
    let (profile, built) = draft(&["category_1720508362305.field_1720508384123"])
        .build(&company(), &catalog(), false)
        .unwrap();
    assert_eq!(profile.custom_sections.len(), 1);
    assert_eq!(profile.custom_sections[0].name, "Benefits");
    let item = built
        .checklist
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .find(|i| i.permission == "people.custom.category_1720508362305.view")
        .unwrap();
    assert_eq!(item.label, "View selected employees’ Benefits sections");
    assert_eq!(item.section, "Benefits");
    // Checked live like any section: by the fields of its category coming back.
    let catalog = catalog();
    let extended = profile.catalog(&catalog);
    assert_eq!(
        extended.get(&item.permission).unwrap().verify,
        Verify::Fields("category_1720508362305".into())
    );
    // And the saved file loads again, as `--profile` would load it.
    let again = Profile::from_toml(&built.toml, "x", &catalog).unwrap();
    assert_eq!(again, profile);
}

#[test]
fn field_level_companies_get_one_fix_per_field() {
    let (_, built) = draft(&["work.title"])
        .build(&company(), &catalog(), true)
        .unwrap();
    let fields: Vec<&str> = built.field_fixes.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["root.id", "work.title"]);
    assert!(built.field_fixes[1]
        .fix
        .contains("People's fields › Work › Job title"));
}

#[test]
fn a_draft_without_a_name_or_with_an_unknown_field_is_refused() {
    let mut nameless = draft(&["work.title"]);
    nameless.name = "  ".into();
    assert!(matches!(
        nameless.build(&company(), &catalog(), false),
        Err(SetupError::InvalidDraft { .. })
    ));
    match draft(&["work.costCentre"]).build(&company(), &catalog(), false) {
        Err(SetupError::InvalidDraft { problem }) => assert!(problem.contains("work.costCentre")),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_builder_lists_fields_as_hibob_groups_them() {
    let choices = BuilderChoices::new(&company(), &catalog(), false);
    let names: Vec<(&str, bool)> = choices
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.custom))
        .collect();
    assert_eq!(
        names,
        [
            ("Basic info", false),
            ("Work", false),
            ("Personal", false),
            ("Payroll", false),
            ("Benefits", true)
        ]
    );
    assert_eq!(choices.tables.len(), 4);
}

#[test]
fn slugs_are_safe_file_names() {
    assert_eq!(slug("Acme Gifts!"), "acme-gifts");
    assert_eq!(slug("  Zoë & Co. "), "zo-co");
    assert_eq!(slug("../etc"), "etc");
    assert_eq!(slug("***"), "custom");
    // Windows keeps these names for devices: "aux.toml" could not be saved there.
    assert_eq!(slug("AUX"), "aux-app");
    assert_eq!(slug("Con"), "con-app");
}
