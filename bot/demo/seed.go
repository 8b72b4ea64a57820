package demo

// The demo Page: a small commune, Saint-Exemple-sur-Loire, with the posts and
// comments such a Page receives in a week. Names are invented.

type seedPost struct {
	key     string
	message string
	hours   int // hours before the start of the demo
}

type seedComment struct {
	post string // seedPost.key
	from string
	text string
	// early comments are on the Page before Vigie starts: the poller
	// must catch them; the others arrive by webhook during the demo.
	early bool
	reply int // 1-based index of the comment replied to in the same post, 0 for none
}

const (
	demoPageID   = "104500000000001"
	demoPageName = "Mairie de Saint-Exemple-sur-Loire"
)

var seedPosts = []seedPost{
	{"travaux", "🚧 Travaux rue de la Mairie : la chaussée sera refaite du 2 au 13 décembre. Déviation par la rue des Écoles. Merci de votre patience !", 30},
	{"fete", "🎉 La fête de la Saint-Nicolas aura lieu samedi sur la place de l'Église : marché de Noël, chorale de l'école et vin chaud offert par le comité des fêtes.", 20},
	{"conseil", "📢 Le conseil municipal se réunira jeudi à 20 h en salle du conseil. Ordre du jour : budget 2027, tarifs de la cantine, projet de parking de la gare.", 10},
	{"eau", "💧 Coupure d'eau mardi de 9 h à 12 h quartier des Tilleuls pour le remplacement d'une canalisation.", 4},
}

var seedComments = []seedComment{
	{post: "travaux", from: "Martine Leroy", text: "Enfin ! Cette rue était une catastrophe depuis des années, merci.", early: true},
	{post: "travaux", from: "Kevin Bernard", text: "Et la rue des Acacias elle attend quoi ? On paye les mêmes impôts que le centre-bourg.", early: true},
	{post: "travaux", from: "Paul Girard", text: "Votre projet de parking est une erreur, et ces travaux en pleine période de fêtes aussi.", early: true},
	{post: "travaux", from: "Sandrine Petit", text: "Le maire est un connard qui se fout de nous, encore des travaux pour rien", early: true},
	{post: "travaux", from: "Jean Dubois", text: "Putain enfin ! 😂 Ça fait 10 ans qu'on attend", early: true},
	{post: "travaux", from: "Lucie Moreau", text: "Est-ce que le bus scolaire passera quand même par la rue des Écoles ?", early: true},
	{post: "travaux", from: "Mairie de Saint-Exemple-sur-Loire", text: "Oui, le circuit du bus scolaire est maintenu, avec un arrêt provisoire devant la boulangerie.", early: true, reply: 6},
	{post: "fete", from: "Nadia Haddad", text: "Super, les enfants ont hâte de chanter ! Merci au comité des fêtes 🎄", early: true},
	{post: "fete", from: "Gérard Fontaine", text: "Encore une fête payée avec nos impôts alors que les routes sont dans un état lamentable.", early: true},
	{post: "fete", from: "Thierry Roux", text: "Gagnez 5000€ par semaine depuis chez vous !!! Cliquez ici bit.ly/argent-facile-crypto", early: true},
	{post: "fete", from: "Amélie Chevalier", text: "Il y aura des stands pour les associations ? Le club de foot voudrait vendre des crêpes.", early: true},
	{post: "fete", from: "Sylvain Marchand", text: "Ces migrants sont des parasites, qu'ils dégagent de notre village", early: false},
	{post: "fete", from: "Céline Gauthier", text: "Le racisme n'a rien à faire ici. Les gens qui écrivent « qu'ils dégagent » devraient avoir honte.", early: false},
	{post: "fete", from: "Bruno Lefèvre", text: "Il fait un froid de canard, pensez à prévoir des chauffages pour la chorale !", early: false},
	{post: "fete", from: "Manon Faure", text: "La chatte de ma voisine a eu des chatons, quelqu'un en veut ? On peut les apporter au marché de Noël 🐱", early: false},
	{post: "conseil", from: "Olivier Blanc", text: "Je viendrai poser la question du parking de la gare : pourquoi 800 000 € sans étude de fréquentation ?", early: false},
	{post: "conseil", from: "Patrick Garnier", text: "Le maire ment sur la dette, regardez le compte administratif page 12.", early: false},
	{post: "conseil", from: "Éric Lambert", text: "On sait où tu habites Morel, tu vas le payer", early: false},
	{post: "conseil", from: "Isabelle Roussel", text: "Le premier adjoint a détourné l'argent de la cantine pour payer sa piscine, tout le monde le sait.", early: false},
	{post: "conseil", from: "Yannick Perrin", text: "Votez Liste Renouveau aux municipales, rejoignez-nous pour chasser cette équipe !", early: false},
	{post: "conseil", from: "Christine Morin", text: "Appelez directement Mme Dubreuil au 06 12 34 56 78, elle habite 4 rue des Lilas, c'est elle la responsable.", early: false},
	{post: "conseil", from: "Hugo Mercier", text: "Merci pour la diffusion en direct l'an dernier, ce serait bien de la refaire.", early: false},
	{post: "eau", from: "Élodie Bonnet", text: "Partagez avant suppression !!! L'eau du robinet est contaminée, les médias ne vous le diront pas", early: false},
	{post: "eau", from: "Romain Guerin", text: "C'est vrai que l'eau serait contaminée ? Quelqu'un a des infos officielles ?", early: false},
	{post: "eau", from: "Sophie Renard", text: "Bande de bouffons, vous êtes incapables de gérer une simple canalisation", early: false},
	{post: "eau", from: "Julien Masson", text: "Merci pour l'info, on fera des réserves lundi soir.", early: false},
	{post: "eau", from: "Nathalie Clément", text: "Encore une coupure ! C'est la troisième cette année, il faudrait investir dans le réseau au lieu du parking.", early: false},
	{post: "eau", from: "Antoine Fabre", text: "Les gens du quartier des Tilleuls c'est tous des cassos de toute façon", early: false},
}

// demoCharter is the commune's charter facts for the demo.
const demoCharter = `
charter:
  people:
    - name: Jean-Pierre Morel
      role: maire
      aliases: ["Morel", "M. Morel", "monsieur le maire"]
    - name: Marc Lambert
      role: premier adjoint
      aliases: ["M. Lambert"]
  rumors:
    - id: eau-contaminee
      claim: "L'eau du robinet est contaminée"
      keywords: ["eau", "contaminée"]
      correction: "L'eau du réseau est conforme : les analyses de l'ARS du 3 novembre sont affichées en mairie et en ligne sur le site de la commune."
  unreliable_domains: ["infos-choc.example"]
  # The commune's own keyword list, as on Facebook.
  blocked_terms: ["cassos"]
`
