/**
 * The words overlaysim shows to people in two languages, English and Chinese (the seed document's):
 * {@link dev.overlaysim.scenarios.i18n.Lang} and {@link dev.overlaysim.scenarios.i18n.Text}. Below
 * both the labs and the reports, so neither depends on the other for its language.
 */
package dev.overlaysim.scenarios.i18n;
