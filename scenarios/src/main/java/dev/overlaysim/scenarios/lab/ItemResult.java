package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Text;

/**
 * The verdict on one graded item of a lab.
 *
 * @param number   1-based, run checks first (the N of {@code overlaysim lab hint N})
 * @param id       the item's id
 * @param kind     {@code run} for a check on the run, else the question's answer kind
 * @param what     what the item is: the check as the runner words it, or the question's id
 * @param passed   whether it held
 * @param expected what was expected (for a question: the form of the answer, not the answer); the run's
 *                 wording is English only
 * @param actual   what the run or the answers file gave
 * @param answered false for a question left blank (a run check is always "answered")
 * @param feedback what is wrong, as {@code lab check} prints it: for a run check, expected and got;
 *                 for a question, what is wrong with the answer in the subject's words, or the
 *                 question again when it was left blank
 * @param teacherGrades a question of a handed-out lab whose answer is not in the handout: answered,
 *                      neither passed nor failed here; the teacher grades it from the report
 * @param hint     the item's hint
 */
public record ItemResult(int number, String id, String kind, String what, boolean passed, Text expected,
                         Text actual, boolean answered, boolean teacherGrades, Text feedback, Text hint) {
}
