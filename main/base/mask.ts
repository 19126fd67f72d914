/**
 * Exports and screens never show a whole phone number, and always hide at least half its digits: a full number
 * keeps its country prefix and last four digits to be recognised in the CRM ("+86•••••••5678"), a short one less.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 6) return '•'.repeat(digits.length);
  const [head, tail] = digits.length >= 10 ? [2, 4] : [1, 2];
  return `+${digits.slice(0, head)}${'•'.repeat(digits.length - head - tail)}${digits.slice(-tail)}`;
}
