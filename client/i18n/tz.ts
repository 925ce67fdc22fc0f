/** The city's time zone: every time on screen and in exports is WITA (UTC+8, no DST). */
export const WITA_TZ = 'Asia/Makassar';
