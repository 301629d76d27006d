// How the Welcome step orders and searches the profiles Rust sends: the library's products, the
// admin's own, then the generic ones.
import type { ProfileSummary } from "$lib/bindings";

export interface ProfileSection {
  id: "products" | "saved" | "generic";
  title: string;
  profiles: ProfileSummary[];
}

/** Lower case, without accents, so "Zoë" is found by "zoe". */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/** Every word of the query appears in the profile's name, aliases, category or description. */
export function matches(profile: ProfileSummary, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold(
    [
      profile.name,
      profile.id,
      profile.description,
      profile.category_name ?? "",
      ...(profile.product?.aliases ?? []),
    ].join(" "),
  );
  return words.every((word) => haystack.includes(word));
}

export function sections(profiles: ProfileSummary[], query: string): ProfileSection[] {
  const found = profiles.filter((p) => matches(p, query));
  const all: ProfileSection[] = [
    { id: "products", title: "Products", profiles: found.filter((p) => p.product !== null) },
    { id: "saved", title: "Your profiles", profiles: found.filter((p) => p.saved) },
    { id: "generic", title: "Generic profiles", profiles: found.filter((p) => p.product === null && !p.saved) },
  ];
  return all.filter((s) => s.profiles.length > 0);
}
