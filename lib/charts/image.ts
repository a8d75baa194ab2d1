/** Image reference: digest wins when set (the tag stays for readability); never `latest`. */
export function imageReference(image: { readonly repository: string; readonly tag?: string; readonly digest?: string }): string {
  const tag = image.tag === undefined ? '' : `:${image.tag}`;
  const digest = image.digest === undefined ? '' : `@${image.digest}`;
  if (tag === '' && digest === '') throw new Error(`image ${image.repository}: set a tag or a digest`);
  return `${image.repository}${tag}${digest}`;
}

/** Registry host of a repository (`fra.ocir.io/ns/app` → `fra.ocir.io`). */
export function registryHost(repository: string): string {
  return repository.split('/')[0] as string;
}
