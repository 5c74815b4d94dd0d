// Reference data from GET /v1/vocabulary (job categories, licence kinds, schemes), loaded once
// per page: the labels of codes the API returns, in the page's language.

import { api } from "./api.js";
import { getLang } from "./i18n.js";

let data = null;
let loading = null;

/** Load the vocabulary (once); a failure is reported and retried on the next call. */
export function loadVocabulary() {
  if (!loading) {
    loading = api("/v1/vocabulary")
      .then((value) => {
        data = value;
        return value;
      })
      .catch((error) => {
        console.warn("vocabulary not loaded; codes are shown instead of labels", error);
        loading = null;
        return null;
      });
  }
  return loading;
}

function label(list, code) {
  const entry = data && data[list].find((item) => item.code === code);
  return entry ? entry.labels[getLang()] : code || "";
}

/** The job categories of an SSW field, in the official order. */
export function categoriesOf(field) {
  return data ? data.categories.filter((c) => c.field === field) : [];
}

export const categoryLabel = (code) => label("categories", code);
export const licenceLabel = (code) => label("licence_kinds", code);

/** A prefecture as the page's language writes it (宮城県 on a Japanese page, Miyagi
 * elsewhere), whichever way it was stored (宮城県, 宮城, Miyagi); an unknown name as written. */
export function prefectureLabel(name) {
  if (!data || !name) return name || "";
  const key = name.normalize("NFKC").trim().toLowerCase();
  const entry = data.prefectures.find((p) =>
    [p.labels.en, p.labels.ja, ...p.aliases].some((n) => n.normalize("NFKC").toLowerCase() === key));
  return entry ? entry.labels[getLang()] : name;
}
