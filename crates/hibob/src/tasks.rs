//! `GET /tasks`: every open task of the people the service user may see (docs/hibob-api.md §5).
//! Only the members HiBob Setup reads are typed; HiBob's description lists more (set, workflow,
//! linkInBob, …).

use serde::Deserialize;
use serde_json::Value;

/// The answer to `GET /tasks`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct OpenTasks {
    /// Required: an answer without it is not the documented one, and is not read as "no tasks".
    pub tasks: Vec<Task>,
}

/// One open task.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// A number in HiBob's description; kept raw, as its type is not confirmed by a live answer.
    #[serde(default)]
    pub id: Value,
    #[serde(default)]
    pub title: Option<String>,
    /// `Open` or `Closed` in HiBob's guide; the exact casing on the wire is uncertain.
    #[serde(default)]
    pub status: Option<String>,
    /// The employee the task is about.
    #[serde(default)]
    pub requested_for: Option<TaskEmployee>,
    /// The employee who has to do it.
    #[serde(default)]
    pub owner: Option<TaskEmployee>,
}

/// An employee as a task names them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskEmployee {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

impl OpenTasks {
    /// Reads the answer; an error means it is not the documented shape.
    pub fn from_value(value: &Value) -> Result<OpenTasks, serde_json::Error> {
        OpenTasks::deserialize(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_shape_and_refuses_another() {
        let tasks = OpenTasks::from_value(&json!({"tasks": [{
            "id": 12,
            "title": "Sign the contract",
            "status": "Open",
            "requestedFor": {"id": "3001", "displayName": "Ada Lovelace"},
            "owner": {"id": "3002", "displayName": "Grace Hopper"},
            "set": "Onboarding"
        }]}))
        .unwrap();
        assert_eq!(tasks.tasks.len(), 1);
        assert_eq!(
            tasks.tasks[0].requested_for.as_ref().unwrap().id.as_deref(),
            Some("3001")
        );
        assert!(OpenTasks::from_value(&json!({"outs": []})).is_err());
    }
}
