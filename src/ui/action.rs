//! What a key press means, independent of which key it was.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Quit,
    ToggleHelp,
    StartFilter,
    ClearFilter,
    CycleSort,
    NextPane,
    PrevPane,
    Pane(usize),
    Refresh,
    /// Typing into the filter prompt.
    FilterChar(char),
    FilterBackspace,
    FilterDone,
    /// `:` opens the command line.
    StartCommand,
    /// `w` asks for the reason to waive the selected finding.
    StartWaive,
    PromptChar(char),
    PromptBackspace,
    PromptDone,
    PromptCancel,
    /// `e` opens the export format picker.
    StartExport,
    /// The cluster and namespace findings.
    ShowCluster,
    /// The engines' settings and the host audit.
    ShowEngine,
    /// `l`: learn the selected container's image, or stop learning it.
    ToggleLearning,
    /// `p` / `x`: ask to pause (or unpause) / stop the selected container.
    StartAct(crate::model::action::ContainerAction),
    /// In the context picker: show the selected context beside the others, or stop showing it.
    PickerAdd,
    PickerRemove,
    /// `y` in a finding: copy its fix snippet to the clipboard (OSC 52).
    Copy,
    /// `M`: mouse capture on or off.
    ToggleMouse,
    /// A left click at a screen cell.
    Click {
        x: u16,
        y: u16,
    },
    /// The answer to that question.
    ConfirmYes,
    ConfirmNo,
}
