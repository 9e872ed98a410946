using static Scorecard.Pipeline.Ingest.ColumnContract;

namespace Scorecard.Pipeline.Ingest;

/// <summary>Every extract the pipeline accepts. The README's contract tables are generated from here.</summary>
public static class ExtractContracts
{
    private const int MaxDurationSeconds = 86_400;

    public static readonly DatasetContract Contacts = new(
        "telephony", "contacts",
        "One row per contact (call, chat, email or social message) offered to or made by the centre.",
        [
            Text("contact_id", true, "Identifier of the contact in the telephony platform."),
            Code("channel", true, "Channel of the contact.", "voice", "chat", "email", "social"),
            Code("direction", true, "Who started the contact.", "inbound", "outbound"),
            Text("queue_id", true, "Queue (skill) the contact was offered to.", lowCardinality: true),
            Text("agent_id", false, "Agent who handled it; empty when nobody did, or when the platform did not record who answered (such a contact counts for the centre and its queue, for no agent).", lowCardinality: true),
            Timestamp("offered_at", true, "When the contact reached the queue."),
            Timestamp("answered_at", false, "When an agent answered; for chat/email/social the first agent response. Empty when not answered."),
            Timestamp("ended_at", true, "When the contact ended (for abandons: when the customer hung up)."),
            Integer("talk_seconds", true, "Seconds the agent talked with the customer.", 0, MaxDurationSeconds),
            Integer("hold_seconds", true, "Seconds the customer was on hold.", 0, MaxDurationSeconds),
            Integer("acw_seconds", true, "Seconds of after-contact work.", 0, MaxDurationSeconds),
            Code("outcome", true, "How the contact ended; transferred contacts were answered first.", "answered", "abandoned", "transferred"),
            Pseudonym("customer_id", false, "Customer identifier (pseudonymised at ingest)."),
            Text("reason_code", false, "Contact reason from the wrap-up code.", lowCardinality: true),
        ],
        ["contact_id"],
        [
            new NotBeforeRule("answered_at", "offered_at"),
            new NotBeforeRule("ended_at", "offered_at"),
            new NotBeforeRule("ended_at", "answered_at"),
            new EmptyExactlyWhenRule("answered_at", "outcome", "abandoned"),
        ],
        ("contact_date", "offered_at"));

    public static readonly DatasetContract Cases = new(
        "crm", "cases",
        "One row per CRM case (a customer problem), open or closed.",
        [
            Text("case_id", true, "Identifier of the case in the CRM."),
            Text("contact_id", false, "Contact that opened the case, when known."),
            Pseudonym("customer_id", true, "Customer identifier (pseudonymised at ingest with the same key as contacts)."),
            Timestamp("opened_at", true, "When the case was opened."),
            Timestamp("closed_at", false, "When the case was closed; empty while open."),
            Text("category", true, "Case category.", 128, lowCardinality: true),
            Code("status", true, "Current status.", "open", "resolved", "escalated"),
            Boolean("resolved_first_contact", false, "CRM's own first-contact-resolution flag, when the agent set it."),
            Boolean("complaint", true, "The customer complained (an 'angry customer')."),
        ],
        ["case_id"],
        [
            new NotBeforeRule("closed_at", "opened_at"),
            new PresentWhenRule("closed_at", "status", "resolved"),
        ],
        ("opened_date", "opened_at"));

    public static readonly DatasetContract Surveys = new(
        "crm", "surveys",
        "One row per post-contact customer survey response.",
        [
            Text("survey_id", true, "Identifier of the response."),
            Text("contact_id", true, "Contact the survey asked about."),
            Timestamp("responded_at", true, "When the customer answered."),
            Integer("csat", false, "Satisfaction, 1 (very dissatisfied) to 5 (very satisfied).", 1, 5),
            Integer("nps", false, "Likelihood to recommend, 0 to 10.", 0, 10),
        ],
        ["survey_id"],
        [new AtLeastOneRule("csat", "nps")],
        ("responded_date", "responded_at"));

    public static readonly DatasetContract Sales = new(
        "crm", "sales",
        "One row per sale made during a contact.",
        [
            Text("sale_id", true, "Identifier of the sale."),
            Text("contact_id", true, "Contact during which the sale was made."),
            Text("agent_id", true, "Agent credited with the sale.", lowCardinality: true),
            Timestamp("sold_at", true, "When the sale was booked."),
            Decimal("amount", true, "Sale amount in the currency below.", 0m, 10_000_000m),
            Currency("currency", true, "Currency of the amount."),
        ],
        ["sale_id"],
        eventDate: ("sold_date", "sold_at"));

    public static readonly DatasetContract Agents = new(
        "hr", "agents",
        "One row per agent: the full roster as of the extract date (a snapshot, not a change log).",
        [
            Text("agent_id", true, "Identifier of the agent (same as in telephony).", lowCardinality: true),
            Text("team_id", true, "Team the agent belongs to.", lowCardinality: true),
            Text("site_id", true, "Site the agent works at.", lowCardinality: true),
            Date("hired_on", true, "First working day."),
            Date("left_on", false, "Last working day; empty while employed."),
            Decimal("hourly_cost", true, "Fully loaded paid cost per hour.", 0m, 10_000m),
            Currency("currency", true, "Currency of the hourly cost."),
        ],
        ["agent_id"],
        [new NotBeforeRule("left_on", "hired_on")]);

    public static readonly DatasetContract Shifts = new(
        "hr", "shifts",
        "One row per agent and worked day.",
        [
            Text("agent_id", true, "Agent who worked the shift.", lowCardinality: true),
            Date("shift_date", true, "Day of the shift."),
            Integer("scheduled_seconds", true, "Seconds scheduled.", 0, MaxDurationSeconds),
            Integer("paid_seconds", true, "Seconds paid.", 0, MaxDurationSeconds),
            Integer("logged_in_seconds", true, "Seconds logged in to the telephony platform.", 0, MaxDurationSeconds),
        ],
        ["agent_id", "shift_date"]);

    public static readonly DatasetContract Training = new(
        "hr", "training",
        "One row per agent, day and course of training attended.",
        [
            Text("agent_id", true, "Agent trained.", lowCardinality: true),
            Date("trained_on", true, "Day of the training."),
            Text("course", true, "Course name.", 128, lowCardinality: true),
            Decimal("hours", true, "Hours of training.", 0m, 24m),
        ],
        ["agent_id", "trained_on", "course"]);

    public static readonly DatasetContract EmployeeSurveys = new(
        "hr", "esat",
        "One row per employee satisfaction survey response.",
        [
            Text("response_id", true, "Identifier of the response."),
            Text("team_id", true, "Team of the respondent.", lowCardinality: true),
            Text("agent_id", false, "Respondent; empty when the survey is anonymous.", lowCardinality: true),
            Timestamp("responded_at", true, "When the employee answered."),
            Integer("score", true, "Satisfaction, 1 to 5.", 1, 5),
        ],
        ["response_id"],
        eventDate: ("responded_date", "responded_at"));

    /// <summary>The workforce schedule: what each agent is planned to do when (the basis of schedule adherence and of
    /// the agents scheduled per interval; <see cref="Shifts"/> has only day totals).</summary>
    public static readonly DatasetContract Schedule = new(
        "hr", "schedule",
        "One row per scheduled activity of an agent: a stretch of a shift planned for contacts, a break, training or a meeting.",
        [
            Text("agent_id", true, "Agent scheduled.", lowCardinality: true),
            Timestamp("starts_at", true, "When the activity is planned to start."),
            Timestamp("ends_at", true, "When the activity is planned to end."),
            Code("activity", true, "What the agent is scheduled to do: take contacts, or be away from them.", "contacts", "break", "training", "meeting"),
        ],
        ["agent_id", "starts_at"],
        [new NotBeforeRule("ends_at", "starts_at")],
        ("schedule_date", "starts_at"));

    /// <summary>Agent state changes from the contact platform (what the agent was actually doing).</summary>
    public static readonly DatasetContract AgentStates = new(
        "telephony", "agent_states",
        "One row per change of an agent's state in the contact platform; a state lasts until the agent's next change.",
        [
            Text("agent_id", true, "Agent whose state changed.", lowCardinality: true),
            Timestamp("changed_at", true, "When the agent entered the state."),
            Code("state", true, "The state entered: logged_in (signed in, not yet ready), available, on_contact, after_contact_work, break, offline.",
                "logged_in", "available", "on_contact", "after_contact_work", "break", "offline"),
        ],
        ["agent_id", "changed_at"],
        eventDate: ("state_date", "changed_at"));

    public static readonly IReadOnlyList<DatasetContract> All =
        [Contacts, Cases, Surveys, Sales, Agents, Shifts, Training, EmployeeSurveys, Schedule, AgentStates];

    /// <summary>The contract for <c>source/dataset</c>, or null when the pipeline has none.</summary>
    public static DatasetContract? Find(string source, string dataset) =>
        All.FirstOrDefault(c => c.Source == source && c.Name == dataset);
}
