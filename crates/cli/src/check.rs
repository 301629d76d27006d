//! `hibob-setup check`: Test connection, as a checklist or one JSON document.

use crate::args::Target;
use crate::exit::Exit;
use crate::target::connect;
use crate::terminal::Checklist;

pub async fn run(target: Target, json: bool) -> Exit {
    let connected = match connect(target).await {
        Ok(connected) => connected,
        Err(error) => {
            crate::report_error(&error, json);
            return Exit::before_connecting(&error);
        }
    };
    let diagnosis = connected.connection.diagnose(&connected.catalog).await;
    if json {
        match serde_json::to_string_pretty(&diagnosis) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("The result could not be written as JSON: {e}"),
        }
    } else {
        print!("{}", Checklist(&diagnosis));
    }
    diagnosis.verdict.into()
}
