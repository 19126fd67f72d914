/**
 * Exports and screens never show a whole phone number: the country prefix and the last four digits are enough to
 * recognise a lead in the CRM ("+86•••••5678").
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 6) return '•'.repeat(digits.length);
  return `+${digits.slice(0, 2)}${'•'.repeat(digits.length - 6)}${digits.slice(-4)}`;
}
